/// Why a bearer token was not accepted. `message` uses Kubernetes' wording where Kubernetes has
/// one (`service account token has expired`), so logs read the same as a real cluster's.
public struct TokenRejection: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Reason: String, Sendable, Hashable {
    /// Not three base64url segments of JSON, or claims missing or of the wrong type.
    case malformed
    /// Any `alg` but ES256 (`none`, HS256, RS256...): refused before looking at the signature.
    case unsupportedAlgorithm
    /// A `kid` naming a key this issuer does not have.
    case unknownKey
    case badSignature
    case wrongIssuer
    case expired
    case notYetValid
    case wrongAudience
    /// The service account, or the pod/secret/node the token is bound to, is gone or was recreated.
    case invalidated
  }

  public var reason: Reason
  public var message: String

  public init(_ reason: Reason, _ message: String) {
    self.reason = reason
    self.message = message
  }

  public var description: String { message }
}
