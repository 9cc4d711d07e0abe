import HBONE
import Logging
import MeshStore
import NIOCore
import NIOHTTP1
import Shared

/// The waypoint's side of HBONE: a CONNECT names a Service VIP and port; HTTP ports are served
/// in process by `HTTPRequestHandler`, everything else is refused with the reason.
final class WaypointInbound: HBONEServerDelegate {
  let gateway: String
  let credential: OwnCredential
  let services: WaypointServiceStore
  let workloads: WorkloadStore
  let forwarder: UpstreamForwarder
  let metrics: RequestMetrics
  let logger: Logger

  init(
    gateway: String, credential: OwnCredential, services: WaypointServiceStore, workloads: WorkloadStore,
    forwarder: UpstreamForwarder, metrics: RequestMetrics, logger: Logger
  ) {
    self.gateway = gateway
    self.credential = credential
    self.services = services
    self.workloads = workloads
    self.forwarder = forwarder
    self.metrics = metrics
    self.logger = logger
  }

  func serverCredential(localAddress: SocketAddress) -> HBONECredential? { credential.credential }

  func decide(_ request: HBONEConnectRequest) -> EventLoopFuture<HBONEInboundDecision> {
    let loop = request.eventLoop
    switch Self.route(request, gateway: gateway, snapshot: workloads.snapshot, services: services) {
    case .failure(let refusal):
      logger.info(
        "waypoint refused a tunnel",
        metadata: ["waypoint.authority": "\(request.authority)", "waypoint.reason": "\(refusal.reason)"])
      return loop.makeSucceededFuture(.reject(status: refusal.status, reason: refusal.reason))
    case .success(let tunnel):
      let services = self.services
      let workloads = self.workloads
      let forwarder = self.forwarder
      let metrics = self.metrics
      let logger = self.logger
      return loop.makeSucceededFuture(
        .serve { channel in
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withPipeliningAssistance: true, withErrorHandling: true)
          try channel.pipeline.syncOperations.addHandler(
            HTTPRequestHandler(
              tunnel: tunnel, services: services, workloads: workloads, forwarder: forwarder, metrics: metrics,
              logger: logger))
        })
    }
  }

  struct Refusal: Error {
    var status: Int
    var reason: String
  }

  /// Pure: which Service a CONNECT is for, or why it is refused. An unknown VIP, a Service of
  /// another waypoint or a port not declared HTTP is a 400/503, never a guess.
  static func route(
    _ request: HBONEConnectRequest, gateway: String, snapshot: WorkloadSnapshot, services: WaypointServiceStore
  ) -> Result<TunnelContext, Refusal> {
    guard let target = request.target, let ip = try? IPAddress(target.host) else {
      return .failure(Refusal(status: 400, reason: "authority \(request.authority) is not IP:port"))
    }
    guard let service = snapshot.service(at: ip) else {
      return .failure(
        Refusal(status: 400, reason: "\(target.host) is not the VIP of a Service this waypoint knows"))
    }
    let key = service.resourceName
    var sourceIP: IPAddress?
    if let forwarded = request.headers.first(where: { $0.name.lowercased() == "forwarded" })?.value {
      sourceIP = TunnelContext.forwardedFor(forwarded)
    }
    let tunnel = TunnelContext(
      serviceKey: key, destinationIP: ip, destinationPort: target.port, peerIdentity: request.peerIdentity,
      sourceIP: sourceIP)
    guard let l7 = services.service(key) else {
      // No L7 configuration yet: serve HTTP, whose requests answer 503 until it arrives.
      return .success(tunnel)
    }
    if !gateway.isEmpty, l7.service.waypoint != gateway {
      return .failure(
        Refusal(status: 400, reason: "service \(key) uses waypoint \(l7.service.waypoint), not \(gateway)"))
    }
    let declared = l7.service.ports.first { $0.port == target.port }?.protocol ?? .tcp
    guard declared == .http else {
      return .failure(
        Refusal(
          status: 503,
          reason: "service \(key) port \(target.port) is \(declared.rawValue); this waypoint serves HTTP/1.1 ports only"
        ))
    }
    return .success(tunnel)
  }

  func streamClosed(_ request: HBONEConnectRequest, stats: SpliceStats) {}

  func handshakeFailed(peerAddress: SocketAddress?, localAddress: SocketAddress?, error: any Error) {
    logger.info(
      "HBONE handshake failed",
      metadata: ["waypoint.peer": "\(peerAddress?.description ?? "-")", "waypoint.error": "\(error)"])
  }
}
