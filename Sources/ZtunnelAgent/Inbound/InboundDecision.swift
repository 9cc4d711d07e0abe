import MeshStore
import Shared

/// Decides whether an inbound connection may reach a local workload and where to connect
/// (ztunnel's inbound path). Pure: the caller passes the peer identity from the verified client
/// certificate (never from headers), the addresses, and one snapshot.
public enum InboundDecision {
  /// An HBONE CONNECT for `authority` (the `:authority` header, `IP:port` or `[IPv6]:port`),
  /// accepted on `localIP` from `peerIP`.
  public static func decide(
    authority: String, peerIdentity: SpiffeIdentity?, peerIP: IPAddress, localIP: IPAddress,
    snapshot: WorkloadSnapshot, config: InboundConfig = InboundConfig()
  ) -> InboundVerdict {
    if let notReady = notReady(snapshot) { return .reject(notReady) }
    guard let (ip, port) = parseAuthority(authority) else {
      return .reject(badRequest("authority \"\(authority)\" is not IP:port"))
    }
    let workload: Workload
    switch resolve(ip: ip, port: port, snapshot: snapshot, config: config) {
    case .failure(let rejection): return .reject(rejection)
    case .success(let found): workload = found
    }
    guard workload.tunnelProtocol == .hbone else {
      return .reject(
        badRequest("destination \(ip):\(port) is workload \(workload.uid), which is not in the mesh", workload))
    }
    switch config.mode {
    case .inPod:
      let sameWorkload = ip == localIP || snapshot.workload(at: localIP, network: config.network)?.uid == workload.uid
      guard sameWorkload else {
        return .reject(
          badRequest(
            "destination \(ip):\(port) is workload \(workload.uid), but the tunnel was accepted on \(localIP)",
            workload))
      }
    case .sharedNodeListener: break  // checked in resolve
    }
    return authorize(
      workload: workload, ip: ip, port: port, peerIdentity: peerIdentity, peerIP: peerIP, snapshot: snapshot)
  }

  /// A captured plaintext connection (port 15006) to `destination`, its original destination.
  /// Without a tunnel there is no peer identity, so a PeerAuthentication STRICT policy (a DENY
  /// of peers without a principal) refuses it while PERMISSIVE lets it through.
  public static func decidePlaintext(
    destination: HostPort, peerIP: IPAddress, snapshot: WorkloadSnapshot, config: InboundConfig = InboundConfig()
  ) -> InboundVerdict {
    if let notReady = notReady(snapshot) { return .reject(notReady) }
    guard let ip = try? IPAddress(destination.host), let port = UInt16(exactly: destination.port), port != 0 else {
      return .reject(badRequest("original destination \(destination) is not IP:port"))
    }
    switch resolve(ip: ip, port: port, snapshot: snapshot, config: config) {
    case .failure(let rejection): return .reject(rejection)
    case .success(let workload):
      return authorize(
        workload: workload, ip: ip, port: port, peerIdentity: nil, peerIP: peerIP, snapshot: snapshot)
    }
  }

  // MARK: Steps

  static func notReady(_ snapshot: WorkloadSnapshot) -> InboundRejection? {
    // Before the first push no policy is known: accepting would bypass every DENY.
    snapshot.version == 0
      ? InboundRejection(
        status: 503, flags: .none, reason: "no configuration received from the control plane yet") : nil
  }

  /// The local destination workload for `ip:port`, or why there is none.
  static func resolve(
    ip: IPAddress, port: UInt16, snapshot: WorkloadSnapshot, config: InboundConfig
  )
    -> Result<Workload, InboundRejection>
  {
    guard !MeshPorts.reservedDestinations.contains(port) else {
      return .failure(badRequest("destination port \(port) is reserved for ztunnel"))
    }
    guard let workload = snapshot.workload(at: ip, network: config.network) else {
      return .failure(badRequest("destination \(ip) is not a known workload"))
    }
    if case .sharedNodeListener(let node) = config.mode, workload.node != node {
      return .failure(
        badRequest(
          "destination \(ip) is workload \(workload.uid) on node \"\(workload.node)\", not this node \"\(node)\"",
          workload))
    }
    return .success(workload)
  }

  static func authorize(
    workload: Workload, ip: IPAddress, port: UInt16, peerIdentity: SpiffeIdentity?, peerIP: IPAddress,
    snapshot: WorkloadSnapshot
  ) -> InboundVerdict {
    let identity: SpiffeIdentity
    do {
      identity = try workload.identity()
    } catch {
      return .reject(
        InboundRejection(status: 503, flags: .none, reason: "workload \(workload.uid): \(error)", workload: workload))
    }
    let connection = ConnectionAttributes(
      sourceIdentity: peerIdentity, sourceIP: peerIP, destinationIP: ip, destinationPort: port)
    let who = peerIdentity.map(\.uri) ?? "a peer without identity"
    switch AuthorizationEvaluator.evaluate(snapshot.policies(for: workload), for: connection) {
    case .allow:
      return .forward(
        InboundForward(target: HostPort(host: ip.description, port: Int(port)), workload: workload, identity: identity))
    case .deniedByPolicy(let key):
      return .reject(
        InboundRejection(
          status: 401, flags: .denied, reason: "\(who) from \(peerIP) to \(ip):\(port) denied by policy \(key)",
          workload: workload))
    case .notAllowed:
      return .reject(
        InboundRejection(
          status: 401, flags: .denied,
          reason: "\(who) from \(peerIP) to \(ip):\(port) matches no ALLOW policy of workload \(workload.uid)",
          workload: workload))
    }
  }

  static func badRequest(_ reason: String, _ workload: Workload? = nil) -> InboundRejection {
    InboundRejection(status: 400, flags: .none, reason: reason, workload: workload)
  }

  /// `IP:port` or `[IPv6]:port`; hostnames are refused because ztunnel only tunnels to addresses.
  static func parseAuthority(_ authority: String) -> (IPAddress, UInt16)? {
    let host: Substring
    let portText: Substring
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { return nil }
      host = authority[authority.index(after: authority.startIndex)..<close]
      let rest = authority[authority.index(after: close)...]
      guard rest.hasPrefix(":") else { return nil }
      portText = rest.dropFirst()
    } else {
      guard let colon = authority.lastIndex(of: ":") else { return nil }
      host = authority[..<colon]
      guard !host.contains(":") else { return nil }  // unbracketed IPv6 is ambiguous
      portText = authority[authority.index(after: colon)...]
    }
    guard !portText.isEmpty, portText.allSatisfy({ ("0"..."9").contains($0) }), let port = UInt16(portText), port != 0,
      let ip = try? IPAddress(String(host))
    else { return nil }
    return (ip, port)
  }
}
