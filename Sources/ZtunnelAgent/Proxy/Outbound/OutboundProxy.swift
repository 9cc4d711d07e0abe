import MeshStore
import HBONE
import Logging
import NIOCore
import Shared

/// Carries one outbound connection of a local workload (captured on 15001 or asked for over
/// SOCKS5) to where `OutboundDecision` says: an HBONE tunnel to the destination's ztunnel or its
/// waypoint, or plain TCP for destinations outside the mesh. The decision is pure; this type only
/// does the I/O and the accounting.
struct OutboundProxy: Sendable {
  let store: WorkloadStore
  let client: HBONEClient
  let credentials: CredentialCache
  let sockets: any WorkloadSockets
  let metrics: TCPMetrics
  let chooser: EndpointChooser
  let trustDomain: String
  let logger: Logger

  /// `downstream` is connected, on its event loop, with reads paused until the upstream is ready.
  /// `answer` is told, on the event loop and just before the splice starts, whether the upstream
  /// is there (SOCKS5 replies then, so the client sends nothing before the splice can take it).
  func forward(
    _ downstream: any Channel, from sourceIP: IPAddress, to destination: HostPort,
    answer: (@Sendable (Bool) -> Void)? = nil
  ) {
    let snapshot = store.snapshot
    let source = snapshot.workload(at: sourceIP)
    let route = OutboundDecision.decide(
      source: source, destination: destination, snapshot: snapshot, chooser: chooser, defaultTrustDomain: trustDomain)
    switch route {
    case .hbone(let target), .viaWaypoint(let target):
      tunnel(downstream, source: source, sourceIP: sourceIP, target: target, answer: answer)
    case .passthrough(let target):
      passthrough(downstream, source: source, target: target, answer: answer)
    case .reject(let rejection):
      answer?(false)
      let labels = MetricLabels(
        reporter: .source, source: source, sourceIdentity: nil, destination: nil, destinationService: nil,
        responseFlags: .connectFailed, mutualTLS: false)
      metrics.handle(labels).connectionFailed()
      logger.info(
        "outbound connection refused",
        metadata: ["ztunnel.src": "\(sourceIP)", "ztunnel.dst": "\(destination)", "ztunnel.reason": "\(rejection)"])
      downstream.close(promise: nil)
    }
  }

  private func tunnel(
    _ downstream: any Channel, source: Workload?, sourceIP: IPAddress, target: TunnelTarget,
    answer: (@Sendable (Bool) -> Void)?
  ) {
    let loop = downstream.eventLoop
    guard let source, let identity = try? source.identity() else {
      // Only known workloads with a mesh identity may originate HBONE (and the CA issues
      // certificates only for workloads of this node): nothing borrows an identity.
      answer?(false)
      fail(
        downstream, source: source, destination: target.destination, flags: .connectFailed,
        reason: "source \(sourceIP) is not a known workload; no identity to tunnel with")
      return
    }
    guard let peer = try? SocketAddress(ipAddress: target.peer.host, port: target.peer.port) else {
      answer?(false)
      fail(
        downstream, source: source, destination: target.destination, flags: .connectFailed,
        reason: "HBONE peer \(target.peer) is not an IP address")
      return
    }
    let labels = MetricLabels(
      reporter: .source, source: source, sourceIdentity: identity, destination: target.destination.workload,
      destinationService: target.destination.service, destinationIdentity: target.expectedIdentities.first,
      mutualTLS: true)
    let credentials = self.credentials
    let client = self.client
    let metrics = self.metrics
    let logger = self.logger
    // The cached credential is the hot path: no task hop per connection.
    let credential =
      credentials.cached(identity).map { loop.makeSucceededFuture($0) }
      ?? loop.makeFutureWithTask { try await credentials.credential(for: identity) }
    let opened =
      credential
      .flatMap { credential -> EventLoopFuture<HBONEStream> in
        var headers: [(name: String, value: String)] = [
          (
            "forwarded",
            "for=\"\(HostPort(host: sourceIP.description, port: Self.port(of: downstream.remoteAddress)))\""
          )
        ]
        headers.append(("baggage", Self.baggage(for: source)))
        let hbone = HBONE.HBONETarget(
          source: credential, sourceIP: sourceIP, peer: peer, authority: target.authorityHeader,
          expectedIdentities: target.expectedIdentities, headers: headers)
        return client.open(hbone, on: loop)
      }
    opened.whenComplete { result in
      switch result {
      case .success(let stream):
        answer?(true)
        let handle = metrics.handle(labels)
        handle.connectionOpened()
        stream.splice(with: downstream).whenComplete { spliced in
          if case .success(let stats) = spliced {
            handle.sent(bytes: Int(stats.bytesToPeer))
            handle.received(bytes: Int(stats.bytesFromPeer))
          }
          handle.connectionClosed()
        }
      case .failure(let error):
        answer?(false)
        var failed = labels
        failed.responseFlags = Self.flags(for: error)
        metrics.handle(failed).connectionFailed()
        logger.info(
          "HBONE tunnel failed",
          metadata: [
            "ztunnel.src": "\(sourceIP)", "ztunnel.peer": "\(target.peer)", "ztunnel.authority": "\(target.authority)",
            "ztunnel.error": "\(error)",
          ])
        downstream.close(promise: nil)
      }
    }
  }

  private func passthrough(
    _ downstream: any Channel, source: Workload?, target: PassthroughTarget, answer: (@Sendable (Bool) -> Void)?
  ) {
    let labels = MetricLabels(
      reporter: .source, source: source, sourceIdentity: nil, destination: target.destination.workload,
      destinationService: target.destination.service, mutualTLS: false)
    guard let address = try? SocketAddress(ipAddress: target.address.host, port: target.address.port) else {
      answer?(false)
      fail(
        downstream, source: source, destination: target.destination, flags: .connectFailed,
        reason: "passthrough destination \(target.address) is not an IP address")
      return
    }
    let metrics = self.metrics
    let logger = self.logger
    sockets.connect(to: address, for: source, on: downstream.eventLoop).whenComplete { result in
      switch result {
      case .success(let upstream):
        answer?(true)
        let handle = metrics.handle(labels)
        handle.connectionOpened()
        Splice.tcp(downstream, upstream).whenComplete { relayed in
          if case .success(let bytes) = relayed {
            handle.sent(bytes: Int(bytes.fromA))
            handle.received(bytes: Int(bytes.fromB))
          }
          handle.connectionClosed()
        }
      case .failure(let error):
        answer?(false)
        var failed = labels
        failed.responseFlags = .connectFailed
        metrics.handle(failed).connectionFailed()
        logger.info(
          "passthrough connect failed",
          metadata: ["ztunnel.dst": "\(target.address)", "ztunnel.error": "\(error)"])
        downstream.close(promise: nil)
      }
    }
  }

  private func fail(
    _ downstream: any Channel, source: Workload?, destination: RouteDestination, flags: ResponseFlags, reason: String
  ) {
    let labels = MetricLabels(
      reporter: .source, source: source, sourceIdentity: nil, destination: destination.workload,
      destinationService: destination.service, responseFlags: flags, mutualTLS: false)
    metrics.handle(labels).connectionFailed()
    logger.info("outbound connection refused", metadata: ["ztunnel.reason": "\(reason)"])
    downstream.close(promise: nil)
  }

  static func flags(for error: any Error) -> ResponseFlags {
    if let error = error as? HBONEError, error.isTLSFailure { return .tlsFailure }
    return .connectFailed
  }

  static func port(of address: SocketAddress?) -> Int { address?.port ?? 0 }

  /// W3C baggage with the source's Kubernetes attributes, as Istio's ztunnel sends it; the
  /// destination uses it only for telemetry, never for authorization.
  static func baggage(for workload: Workload) -> String {
    var items = ["k8s.namespace.name=\(workload.namespace)", "k8s.cluster.name=\(workload.clusterID)"]
    if !workload.workloadName.isEmpty {
      items.append("k8s.\(workload.workloadType == .pod ? "pod" : "deployment").name=\(workload.workloadName)")
    }
    if !workload.canonicalName.isEmpty { items.append("service.name=\(workload.canonicalName)") }
    if !workload.canonicalRevision.isEmpty { items.append("service.version=\(workload.canonicalRevision)") }
    return items.joined(separator: ",")
  }
}
