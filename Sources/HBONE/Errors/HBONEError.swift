/// Why an HBONE connection or stream failed, with a message an operator can act on.
public struct HBONEError: Error, Sendable, CustomStringConvertible {
  public enum Code: Sendable, Equatable {
    /// Certificate or key material unusable.
    case badCredential
    /// TLS failed: no or wrong client certificate, another root or trust domain, no ALPN h2.
    case tlsFailure
    /// The peer's certificate is not one of the identities the destination may have.
    case identityMismatch
    /// The TCP connection to the peer failed.
    case connectFailed
    /// The peer answered the CONNECT with a non-200 status.
    case rejected(status: Int)
    /// The HTTP/2 connection or stream broke.
    case protocolError
  }

  public let code: Code
  public let message: String

  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  /// TLS-level failures, reported as `TLS_FAILURE` in metrics.
  public var isTLSFailure: Bool { code == .tlsFailure || code == .identityMismatch }

  public var description: String { message }
}
