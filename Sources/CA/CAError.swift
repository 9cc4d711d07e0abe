/// A CA failure a user or operator can act on. The code says who is at fault (and maps onto a
/// gRPC status); the message names the file, field or identity that is wrong.
public struct CAError: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Code: String, Hashable, Sendable {
    /// The CSR or request fields are unusable (→ INVALID_ARGUMENT).
    case invalidRequest
    /// No or bad credentials (→ UNAUTHENTICATED).
    case unauthenticated
    /// Authenticated, but not allowed this identity (→ PERMISSION_DENIED).
    case permissionDenied
    /// The CA's own key material is missing or unusable: refuse to start.
    case invalidCAMaterial
    /// Reading or writing CA state failed.
    case storage
    /// The CA could not be reached or answered with an error (client side).
    case unavailable
  }

  public let code: Code
  public let message: String

  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { message }
}
