import NIOCore

/// The delegate's answer to a CONNECT.
public enum HBONEInboundDecision: Sendable {
  /// Answer `status` (400, 401, 503 ...) and end the stream.
  case reject(status: Int, reason: String)
  /// Answer 200 and splice the stream with this connected TCP channel (same event loop as the
  /// request; created with `.allowRemoteHalfClosure`; autoRead may be off).
  case connect(any Channel)
  /// Answer 200 and serve the tunnel in this process (the waypoint): the stream becomes a byte
  /// channel (`ByteBuffer` in and out, `END_STREAM` as half-close) and `configure` adds the
  /// handlers that speak the inner protocol. Runs on the stream's event loop.
  case serve(@Sendable (any Channel) throws -> Void)
}
