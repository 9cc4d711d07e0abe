import MeshStore
import HBONE
import Logging
import NIOCore
import Shared

/// The ztunnel's side of inbound HBONE: picks the certificate of the workload a tunnel was
/// accepted for, decides each CONNECT with `InboundDecision` (authority, destination, L4
/// authorization on the identity of the peer's certificate) and connects to the pod. The HBONE
/// server does TLS, HTTP/2 and the byte copy.
final class InboundTunnels: HBONEServerDelegate {
  let store: WorkloadStore
  let credentials: CredentialCache
  let sockets: any WorkloadSockets
  let metrics: TCPMetrics
  let config: InboundConfig
  let trustDomain: String
  let logger: Logger

  init(
    store: WorkloadStore, credentials: CredentialCache, sockets: any WorkloadSockets, metrics: TCPMetrics,
    config: InboundConfig, trustDomain: String, logger: Logger
  ) {
    self.store = store
    self.credentials = credentials
    self.sockets = sockets
    self.metrics = metrics
    self.config = config
    self.trustDomain = trustDomain
    self.logger = logger
  }

  /// The certificate of the workload whose address the connection was accepted on (each local
  /// workload has its own listener, in-pod or on its IP). No workload there, no certificate:
  /// presenting another workload's identity would let a client believe it reached that one.
  func serverCredential(localAddress: SocketAddress) -> HBONECredential? {
    guard let ip = localAddress.ipAddress.flatMap({ try? IPAddress($0) }),
      let identity = try? store.snapshot.workload(at: ip, network: config.network)?.identity()
    else { return nil }
    if let credential = credentials.cached(identity) { return credential }
    credentials.prefetch(identity)
    return nil
  }

  func decide(_ request: HBONEConnectRequest) -> EventLoopFuture<HBONEInboundDecision> {
    let loop = request.eventLoop
    let snapshot = store.snapshot
    guard let peerIP = request.peerAddress.ipAddress.flatMap({ try? IPAddress($0) }),
      let localIP = request.localAddress.ipAddress.flatMap({ try? IPAddress($0) })
    else {
      return loop.makeSucceededFuture(.reject(status: 400, reason: "connection without IP addresses"))
    }
    let verdict = InboundDecision.decide(
      authority: request.authority, peerIdentity: request.peerIdentity, peerIP: peerIP, localIP: localIP,
      snapshot: snapshot, config: config)
    let source = snapshot.workload(at: peerIP, network: config.network)
    switch verdict {
    case .reject(let rejection):
      let labels = MetricLabels(
        reporter: .destination, source: source, sourceIdentity: request.peerIdentity, destination: rejection.workload,
        destinationService: nil, responseFlags: rejection.flags, mutualTLS: true)
      metrics.handle(labels).connectionFailed()
      logger.info(
        "inbound tunnel refused",
        metadata: [
          "ztunnel.peer": "\(request.peerIdentity)", "ztunnel.authority": "\(request.authority)",
          "ztunnel.status": "\(rejection.status)", "ztunnel.reason": "\(rejection.reason)",
        ])
      return loop.makeSucceededFuture(.reject(status: rejection.status, reason: rejection.reason))
    case .forward(let forward):
      guard let address = try? SocketAddress(ipAddress: forward.target.host, port: forward.target.port) else {
        return loop.makeSucceededFuture(.reject(status: 400, reason: "destination \(forward.target) is not an IP"))
      }
      let metrics = self.metrics
      let logger = self.logger
      let opened = MetricLabels(
        reporter: .destination, source: source, sourceIdentity: request.peerIdentity, destination: forward.workload,
        destinationService: nil, mutualTLS: true)
      return sockets.connect(to: address, for: forward.workload, on: loop)
        .map { channel -> HBONEInboundDecision in
          metrics.handle(opened).connectionOpened()
          return .connect(channel)
        }
        .flatMapErrorWithEventLoop { error, loop in
          let labels = MetricLabels(
            reporter: .destination, source: source, sourceIdentity: request.peerIdentity,
            destination: forward.workload, destinationService: nil, responseFlags: .connectFailed, mutualTLS: true)
          metrics.handle(labels).connectionFailed()
          logger.info(
            "inbound upstream connect failed", metadata: ["ztunnel.dst": "\(address)", "ztunnel.error": "\(error)"])
          return loop.makeSucceededFuture(.reject(status: 503, reason: "connect to \(forward.target) failed"))
        }
    }
  }

  /// Counts a finished tunnel under the same labels `decide` opened it with.
  func streamClosed(_ request: HBONEConnectRequest, stats: SpliceStats) {
    let snapshot = store.snapshot
    let peerIP = request.peerAddress.ipAddress.flatMap { try? IPAddress($0) }
    let source = peerIP.flatMap { snapshot.workload(at: $0, network: config.network) }
    let destination = request.target.flatMap { try? IPAddress($0.host) }.flatMap {
      snapshot.workload(at: $0, network: config.network)
    }
    let handle = metrics.handle(
      MetricLabels(
        reporter: .destination, source: source, sourceIdentity: request.peerIdentity, destination: destination,
        destinationService: nil, mutualTLS: true))
    handle.received(bytes: Int(stats.bytesFromPeer))
    handle.sent(bytes: Int(stats.bytesToPeer))
    handle.connectionClosed()
  }

  func handshakeFailed(peerAddress: SocketAddress?, localAddress: SocketAddress?, error: any Error) {
    var labels = MetricLabels(reporter: .destination)
    labels.responseFlags = .tlsFailure
    metrics.handle(labels).connectionFailed()
    logger.info(
      "inbound TLS handshake failed",
      metadata: ["ztunnel.peer": "\(peerAddress?.description ?? "?")", "ztunnel.error": "\(error)"])
  }
}
