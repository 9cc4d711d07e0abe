import NIOCore
import NIOSSL
import NIOTLS
import Shared

/// Sits after the TLS handler on both ends of an HBONE connection and enforces what certificate
/// chain verification alone cannot: ALPN `h2`, exactly one SPIFFE URI SAN in the mesh trust
/// domain and, on the client, that the identity is one the destination may have. Records the
/// verified identity for the streams of the connection.
final class HandshakeCheck: ChannelInboundHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  private let trustDomain: String
  /// Client side: the identities the server may present (never empty).
  private let expected: Set<SpiffeIdentity>?
  private let completed: EventLoopPromise<SpiffeIdentity>
  private(set) var peerIdentity: SpiffeIdentity?
  private var settled = false

  init(trustDomain: String, expected: Set<SpiffeIdentity>?, completed: EventLoopPromise<SpiffeIdentity>) {
    self.trustDomain = trustDomain
    self.expected = expected
    self.completed = completed
  }

  var result: EventLoopFuture<SpiffeIdentity> { completed.futureResult }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if case TLSUserEvent.handshakeCompleted(let negotiated) = event {
      do {
        let identity = try verify(context: context, negotiated: negotiated)
        peerIdentity = identity
        settle(.success(identity))
      } catch {
        settle(.failure(error))
        context.close(promise: nil)
        return
      }
    }
    context.fireUserInboundEventTriggered(event)
  }

  private func verify(context: ChannelHandlerContext, negotiated: String?) throws(HBONEError) -> SpiffeIdentity {
    guard negotiated == "h2" else {
      throw HBONEError(.tlsFailure, "peer did not negotiate ALPN h2 (got \(negotiated ?? "none"))")
    }
    let certificate: NIOSSLCertificate?
    do {
      certificate = try context.pipeline.syncOperations.nioSSL_peerCertificate()
    } catch {
      throw HBONEError(.tlsFailure, "no TLS handler in the pipeline: \(error)")
    }
    guard let certificate else { throw HBONEError(.tlsFailure, "peer presented no certificate") }
    let identity = try PeerIdentity.of(certificate, trustDomain: trustDomain)
    if let expected, !expected.contains(identity) {
      throw HBONEError(
        .identityMismatch,
        "peer is \(identity), expected one of \(expected.map(\.description).sorted().joined(separator: ", "))")
    }
    return identity
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    settle(.failure(HBONEError(.tlsFailure, "TLS handshake failed: \(error)")))
    context.fireErrorCaught(error)
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    settle(.failure(HBONEError(.tlsFailure, "connection closed during the TLS handshake")))
    context.fireChannelInactive()
  }

  /// A pipeline torn down before the handshake (initializer failure, early close) still
  /// answers whoever waits for it.
  func handlerRemoved(context: ChannelHandlerContext) {
    settle(.failure(HBONEError(.tlsFailure, "connection ended before the TLS handshake")))
  }

  private func settle(_ result: Result<SpiffeIdentity, HBONEError>) {
    guard !settled else { return }
    settled = true
    completed.completeWith(result.mapError { $0 as any Error })
  }
}
