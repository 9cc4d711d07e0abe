import NIOCore

/// What the HBONE server asks its owner (the ztunnel or the waypoint).
public protocol HBONEServerDelegate: Sendable {
  /// The certificate to present on a TLS connection accepted on `localAddress` (in-pod mode:
  /// the destination pod's IP). nil closes the connection. Called per connection: must be cheap.
  func serverCredential(localAddress: SocketAddress) -> HBONECredential?
  /// Decides one CONNECT (authority, authorization, upstream connect).
  func decide(_ request: HBONEConnectRequest) -> EventLoopFuture<HBONEInboundDecision>
  /// A spliced tunnel ended.
  func streamClosed(_ request: HBONEConnectRequest, stats: SpliceStats)
  /// A TLS handshake failed or the peer's certificate was refused.
  func handshakeFailed(peerAddress: SocketAddress?, localAddress: SocketAddress?, error: any Error)
}
