import Kube
import Shared

/// The kube-proxy-like rules that make Service VIPs work for pods outside the mesh: a pure
/// function from (Services, EndpointSlices, what the nat table holds now) to `iptables-restore
/// --noflush` input that replaces the proxy's own chains in one atomic write.
///
/// Shape (as kube-proxy's iptables mode): `PREROUTING`/`OUTPUT` → `MDC-SERVICES`, one rule per
/// ClusterIP:port → `MDC-SVC-*`, which spreads connections over `MDC-SEP-*` endpoint chains with
/// `-m statistic --mode random --probability 1/(n-i)` (equal shares) → DNAT to podIP:port.
/// A pod reaching itself through a VIP is marked and masqueraded, or its own reply would come
/// from an address it does not expect.
public enum ServiceProxyRules {
  /// One VIP port and where it leads.
  public struct Portal: Sendable, Hashable {
    public var serviceKey: String
    public var clusterIP: String
    public var port: Int
    public var `protocol`: String
    /// `ip:port` of each endpoint, sorted.
    public var endpoints: [HostPort]
  }

  /// Every ClusterIP:port with its ready endpoints (or, when none is ready, serving ones that
  /// are terminating, as kube-proxy falls back). Headless and ExternalName Services, IPv6 and
  /// non-ClusterIP addresses have no portal.
  public static func portals(services: [KubeService], slices: [EndpointSlice]) -> [Portal] {
    var slicesByService: [String: [EndpointSlice]] = [:]
    for slice in slices {
      guard let service = slice.serviceName, slice.addressType == "IPv4" else { continue }
      slicesByService["\(slice.namespace)/\(service)", default: []].append(slice)
    }
    var portals: [Portal] = []
    for service in services where service.type != "ExternalName" && !service.isHeadless {
      let key = "\(service.namespace)/\(service.name)"
      for clusterIP in service.clusterIPs {
        guard case .v4 = try? IPAddress(clusterIP) else { continue }
        for port in service.ports {
          let name = port.name ?? ""
          var ready: Set<HostPort> = []
          var fallback: Set<HostPort> = []
          for slice in slicesByService[key] ?? [] {
            guard let number = slice.ports.first(where: { ($0.name ?? "") == name && $0.protocol == port.protocol })?.port
            else { continue }
            for endpoint in slice.endpoints {
              for address in endpoint.addresses {
                if endpoint.conditions.isReady {
                  ready.insert(HostPort(host: address, port: number))
                } else if endpoint.conditions.isServing && endpoint.conditions.isTerminating {
                  fallback.insert(HostPort(host: address, port: number))
                }
              }
            }
          }
          let chosen = ready.isEmpty ? fallback : ready
          portals.append(
            Portal(
              serviceKey: name.isEmpty ? key : "\(key):\(name)", clusterIP: clusterIP, port: port.port,
              protocol: port.protocol, endpoints: chosen.sorted { $0.description < $1.description }))
        }
      }
    }
    return portals.sorted { ($0.clusterIP, $0.port, $0.protocol) < ($1.clusterIP, $1.port, $1.protocol) }
  }

  /// The `iptables-restore --noflush` input for the nat table.
  public static func render(_ portals: [Portal], existing: NatTableState = NatTableState()) -> String {
    var chains = [ServiceProxyChains.services, ServiceProxyChains.postrouting, ServiceProxyChains.markMasquerade]
    var rules: [String] = []
    for (builtin, target) in [
      ("PREROUTING", ServiceProxyChains.services), ("OUTPUT", ServiceProxyChains.services),
      ("POSTROUTING", ServiceProxyChains.postrouting),
    ] where !existing.jumps(from: builtin, to: target) {
      rules.append("-A \(builtin) -m comment --comment \"mesh dev cluster service portals\" -j \(target)")
    }
    let mark = ServiceProxyChains.masqueradeMark
    rules += [
      "-A \(ServiceProxyChains.markMasquerade) -j MARK --or-mark \(mark)",
      "-A \(ServiceProxyChains.postrouting) -m mark ! --mark \(mark)/\(mark) -j RETURN",
      "-A \(ServiceProxyChains.postrouting) -j MARK --xor-mark \(mark)",
      "-A \(ServiceProxyChains.postrouting) -j MASQUERADE",
    ]
    for portal in portals where !portal.endpoints.isEmpty {
      let proto = portal.protocol.lowercased()
      let comment = "-m comment --comment \"\(portal.serviceKey) cluster IP\""
      let serviceChain = ServiceProxyChains.service(portal.serviceKey + "@" + portal.clusterIP, protocol: proto)
      chains.append(serviceChain)
      rules.append(
        "-A \(ServiceProxyChains.services) -d \(portal.clusterIP)/32 -p \(proto) \(comment) -m \(proto) --dport \(portal.port) -j \(serviceChain)"
      )
      let count = portal.endpoints.count
      for (index, endpoint) in portal.endpoints.enumerated() {
        let endpointChain = ServiceProxyChains.endpoint(
          portal.serviceKey + "@" + portal.clusterIP, protocol: proto, endpoint: endpoint.description)
        chains.append(endpointChain)
        let remaining = count - index
        if remaining > 1 {
          let probability = String(format: "%0.10f", 1.0 / Double(remaining))
          rules.append(
            "-A \(serviceChain) \(comment) -m statistic --mode random --probability \(probability) -j \(endpointChain)")
        } else {
          rules.append("-A \(serviceChain) \(comment) -j \(endpointChain)")
        }
        rules.append("-A \(endpointChain) -s \(endpoint.host)/32 \(comment) -j \(ServiceProxyChains.markMasquerade)")
        rules.append("-A \(endpointChain) -p \(proto) \(comment) -m \(proto) -j DNAT --to-destination \(endpoint)")
      }
    }
    let stale = existing.ownChains.subtracting(chains).sorted()
    var lines = ["*nat"]
    lines += (chains + stale).map { ":\($0) - [0:0]" }
    lines += rules
    lines += stale.map { "-X \($0)" }
    lines.append("COMMIT")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Input that removes every trace of the proxy: the jumps, then its chains.
  public static func renderRemoval(existing: NatTableState) -> String {
    var lines = ["*nat"]
    let own = existing.ownChains.sorted()
    lines += own.map { ":\($0) - [0:0]" }
    for (builtin, targets) in existing.jumps.sorted(by: { $0.key < $1.key }) {
      for target in targets.sorted() {
        lines.append("-D \(builtin) -m comment --comment \"mesh dev cluster service portals\" -j \(target)")
      }
    }
    lines += own.map { "-X \($0)" }
    lines.append("COMMIT")
    return lines.joined(separator: "\n") + "\n"
  }
}
