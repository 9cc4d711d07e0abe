import NIOCore
import NIOHTTP1

/// One request as it goes to the backend: the head after every rewrite, and the whole body
/// (buffered, so that a retry can send it again).
struct UpstreamRequest: Sendable {
  var head: HTTPRequestHead
  var body: ByteBuffer
}

/// The backend's answer, read whole before any of it goes downstream: a retry decision needs
/// the status, and a response already half sent can no longer be replaced by a retry's.
struct UpstreamResponse: Sendable {
  var head: HTTPResponseHead
  var body: ByteBuffer
  /// The endpoint that answered (`ip:port`), for the access log.
  var endpoint: String
}
