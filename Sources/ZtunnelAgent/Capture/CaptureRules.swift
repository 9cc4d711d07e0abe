/// The iptables rules that capture a pod's TCP traffic inside the pod's own network namespace,
/// as Istio's CNI installs them for ambient "in-pod" capture in REDIRECT mode
/// (istio/istio `cni/pkg/iptables`; wire-facts §7). Pure: it only renders text.
///
/// - mangle `ISTIO_PRERT`: a packet arriving with ztunnel's mark (0x539, its own loopback
///   traffic into the pod) gets connmark 0x111, and mangle `ISTIO_OUTPUT` restores that mark on
///   the pod's replies, so they are recognisable as belonging to a ztunnel-made connection.
/// - nat `ISTIO_PRERT`: inbound TCP not to loopback, not to HBONE (15008, which ztunnel serves
///   itself in the pod) and not marked → REDIRECT 15006 (inbound plaintext).
/// - nat `ISTIO_OUTPUT`: the pod's outbound TCP not to loopback and not marked → REDIRECT 15001;
///   connections to its own IP over `lo` and connections ztunnel made (connmark) pass.
/// - DNS (udp/tcp 53 → 15053) only with `captureDNS`: without a DNS proxy listening it would
///   black-hole name resolution. Unlike Istio's UDP rule, ztunnel-marked queries are exempt too,
///   because our upstream DNS sockets may be opened inside the pod namespace.
/// - A kubelet probe address (Istio SNATs node probes to 169.254.7.127) passes uncaptured.
///
/// The rules live in chains of their own, jumped to from the built-in chains, so removal
/// deletes exactly what install added and nothing a pod or CNI put there.
public struct CaptureRules: Hashable, Sendable {
  public enum Family: String, Hashable, Sendable {
    case ipv4
    case ipv6

    /// The `iptables-restore` binary for this family.
    public var restoreCommand: String { self == .ipv4 ? "iptables-restore" : "ip6tables-restore" }
    /// The `iptables-save` binary for this family.
    public var saveCommand: String { self == .ipv4 ? "iptables-save" : "ip6tables-save" }
    var loopback: String { self == .ipv4 ? "127.0.0.1/32" : "::1/128" }
    /// Istio's probe SNAT addresses (`HostProbeSNATIP`, `HostProbeSNATIPV6`).
    var defaultHostProbe: String {
      self == .ipv4 ? "169.254.7.127/32" : "fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128"
    }
  }

  /// The chain hooked from PREROUTING (mangle and nat).
  public static let preroutingChain = "ISTIO_PRERT"
  /// The chain hooked from OUTPUT (mangle and nat).
  public static let outputChain = "ISTIO_OUTPUT"
  /// Every chain this type owns, for parsing and removal.
  public static let ownedChains: Set<String> = [preroutingChain, outputChain]

  public var family: Family
  /// ztunnel's socket mark (SO_MARK); marked packets are never redirected.
  public var ztunnelMark: UInt32 = 0x539
  /// The bits of the packet mark that belong to the mesh (others are left to the pod/CNI).
  public var markMask: UInt32 = 0xfff
  /// The connection mark for connections ztunnel made into the pod.
  public var connectionMark: UInt32 = 0x111
  public var outboundPort: UInt16 = 15001
  public var inboundPlaintextPort: UInt16 = 15006
  public var hbonePort: UInt16 = 15008
  public var dnsPort: UInt16 = 15053
  /// Redirect the pod's DNS (udp/tcp 53) to `dnsPort`. Off unless a DNS proxy listens there.
  public var captureDNS: Bool = false
  /// Source of node-originated probes that must reach the app directly (CIDR), or nil.
  public var hostProbe: String?

  public init(family: Family = .ipv4, captureDNS: Bool = false) {
    self.family = family
    self.captureDNS = captureDNS
    self.hostProbe = family.defaultHostProbe
  }

  /// Rules appended to our chains, by table (`mangle`, `nat`), in order, without the `-A`.
  public var rules: [(table: String, chain: String, rule: String)] {
    let mark = "\(hex(ztunnelMark))/\(hex(markMask))"
    let connmark = "\(hex(connectionMark))/\(hex(markMask))"
    let loopback = family.loopback
    let prert = Self.preroutingChain
    let output = Self.outputChain
    var rules: [(table: String, chain: String, rule: String)] = [
      ("mangle", prert, "-m mark --mark \(mark) -j CONNMARK --set-xmark \(connmark)"),
      (
        "mangle", output,
        "-m connmark --mark \(connmark) -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff"
      ),
    ]
    if let hostProbe {
      rules.append(("nat", prert, "-s \(hostProbe) -p tcp -j ACCEPT"))
    }
    rules.append(
      (
        "nat", prert,
        "! -d \(loopback) -p tcp -m tcp ! --dport \(hbonePort) -m mark ! --mark \(mark) "
          + "-j REDIRECT --to-ports \(inboundPlaintextPort)"
      ))
    if let hostProbe {
      rules.append(("nat", output, "-d \(hostProbe) -p tcp -j ACCEPT"))
    }
    if captureDNS {
      rules.append(
        ("nat", output, "! -o lo -p udp -m udp --dport 53 -m mark ! --mark \(mark) -j REDIRECT --to-ports \(dnsPort)"))
      rules.append(
        (
          "nat", output,
          "! -d \(loopback) -p tcp -m tcp --dport 53 -m mark ! --mark \(mark) -j REDIRECT --to-ports \(dnsPort)"
        ))
    }
    rules.append(("nat", output, "-p tcp -m mark --mark \(connmark) -j ACCEPT"))
    rules.append(("nat", output, "! -d \(loopback) -o lo -j ACCEPT"))
    rules.append(
      ("nat", output, "! -d \(loopback) -p tcp -m mark ! --mark \(mark) -j REDIRECT --to-ports \(outboundPort)"))
    return rules
  }

  /// The built-in chains that jump into ours, by table: `(builtin, ours)`.
  static let hooks: [(table: String, builtin: String, chain: String)] = [
    ("mangle", "PREROUTING", preroutingChain),
    ("mangle", "OUTPUT", outputChain),
    ("nat", "PREROUTING", preroutingChain),
    ("nat", "OUTPUT", outputChain),
  ]

  static let tables = ["mangle", "nat"]

  private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}
