import NIOCore

/// The delegate's answer to a CONNECT.
public enum HBONEInboundDecision: Sendable {
  /// Answer `status` (400, 401, 503 ...) and end the stream.
  case reject(status: Int, reason: String)
  /// Answer 200 and splice the stream with this connected TCP channel (same event loop as the
  /// request; created with `.allowRemoteHalfClosure`; autoRead may be off).
  case connect(any Channel)
}
