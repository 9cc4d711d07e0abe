import MeshStore
import HBONE
import Logging
import NIOCore
import Shared

/// Captured plaintext arriving at a pod (port 15006): from a client outside the mesh, or a
/// meshed client whose ztunnel did not tunnel. Allowed only when the destination's policies allow
/// a peer without identity (a STRICT PeerAuthentication refuses it); then relayed to the pod.
struct PlaintextInbound: Sendable {
  let store: WorkloadStore
  let sockets: any WorkloadSockets
  let metrics: TCPMetrics
  let config: InboundConfig
  let logger: Logger

  func handle(_ channel: any Channel, destination: HostPort) {
    let snapshot = store.snapshot
    guard let peer = channel.remoteAddress?.ipAddress, let peerIP = try? IPAddress(peer) else {
      channel.close(promise: nil)
      return
    }
    let source = snapshot.workload(at: peerIP, network: config.network)
    switch InboundDecision.decidePlaintext(destination: destination, peerIP: peerIP, snapshot: snapshot, config: config)
    {
    case .reject(let rejection):
      let labels = MetricLabels(
        reporter: .destination, source: source, sourceIdentity: nil, destination: rejection.workload,
        destinationService: nil, responseFlags: rejection.flags, mutualTLS: false)
      metrics.handle(labels).connectionFailed()
      logger.info(
        "plaintext inbound refused",
        metadata: ["ztunnel.dst": "\(destination)", "ztunnel.reason": "\(rejection.reason)"])
      channel.close(promise: nil)
    case .forward(let forward):
      guard let address = try? SocketAddress(ipAddress: forward.target.host, port: forward.target.port) else {
        channel.close(promise: nil)
        return
      }
      let labels = MetricLabels(
        reporter: .destination, source: source, sourceIdentity: nil, destination: forward.workload,
        destinationService: nil, mutualTLS: false)
      let metrics = self.metrics
      sockets.connect(to: address, for: forward.workload, on: channel.eventLoop).whenComplete { result in
        switch result {
        case .success(let upstream):
          let handle = metrics.handle(labels)
          handle.connectionOpened()
          Splice.tcp(channel, upstream).whenComplete { relayed in
            if case .success(let bytes) = relayed {
              handle.received(bytes: Int(bytes.fromA))
              handle.sent(bytes: Int(bytes.fromB))
            }
            handle.connectionClosed()
          }
        case .failure:
          var failed = labels
          failed.responseFlags = .connectFailed
          metrics.handle(failed).connectionFailed()
          channel.close(promise: nil)
        }
      }
    }
  }
}
