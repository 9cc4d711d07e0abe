import HBONE
import NIOCore
import NIOPosix
import Shared
import Synchronization

/// A server delegate that connects every accepted CONNECT to `upstream` (unless `refuse` says
/// otherwise) and records what it saw.
final class TestDelegate: HBONEServerDelegate {
  let credential: HBONECredential
  let upstreamPort: Int
  let refuse: @Sendable (HBONEConnectRequest) -> Int?
  let seen = Mutex<[HBONEConnectRequest]>([])
  let handshakeFailures = Mutex<[String]>([])
  let closed = Mutex<[SpliceStats]>([])

  init(
    credential: HBONECredential, upstreamPort: Int,
    refuse: @escaping @Sendable (HBONEConnectRequest) -> Int? = { _ in nil }
  ) {
    self.credential = credential
    self.upstreamPort = upstreamPort
    self.refuse = refuse
  }

  func serverCredential(localAddress: SocketAddress) -> HBONECredential? { credential }

  func decide(_ request: HBONEConnectRequest) -> EventLoopFuture<HBONEInboundDecision> {
    seen.withLock { $0.append(request) }
    if let status = refuse(request) {
      return request.eventLoop.makeSucceededFuture(.reject(status: status, reason: "test"))
    }
    return ClientBootstrap(group: request.eventLoop)
      .channelOption(.allowRemoteHalfClosure, value: true)
      .channelOption(.autoRead, value: false)
      .connect(host: "127.0.0.1", port: upstreamPort)
      .map { HBONEInboundDecision.connect($0) }
      .recover { _ in .reject(status: 503, reason: "upstream refused") }
  }

  func streamClosed(_ request: HBONEConnectRequest, stats: SpliceStats) { closed.withLock { $0.append(stats) } }

  func handshakeFailed(peerAddress: SocketAddress?, localAddress: SocketAddress?, error: any Error) {
    handshakeFailures.withLock { $0.append("\(error)") }
  }
}
