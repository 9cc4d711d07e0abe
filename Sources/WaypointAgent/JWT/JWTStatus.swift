/// Why a token was rejected, with the body text Envoy's jwt_authn filter answers (its
/// `jwt_verify_lib` status strings), so clients see the same 401 bodies as with Envoy.
public enum JWTStatus: String, Error, Sendable, Hashable, CaseIterable {
  case notYetValid = "Jwt not yet valid"
  case expired = "Jwt is expired"
  case badFormat = "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections"
  case headerBadBase64 = "Jwt header is an invalid Base64url encoded"
  case headerBadJSON = "Jwt header is an invalid JSON"
  case headerBadAlg = "Jwt header [alg] field is required and must be a string"
  case headerNotImplementedAlg = "Jwt header [alg] is not supported"
  case headerBadKid = "Jwt header [kid] field is not a string"
  case payloadBadBase64 = "Jwt payload is an invalid Base64url encoded"
  case payloadBadJSON = "Jwt payload is an invalid JSON"
  case issNotString = "Jwt payload [iss] field is not a string"
  case subNotString = "Jwt payload [sub] field is not a string"
  case iatNotInteger = "Jwt payload [iat] field is not an integer"
  case nbfNotInteger = "Jwt payload [nbf] field is not an integer"
  case expNotInteger = "Jwt payload [exp] field is not an integer"
  case audNotString = "Jwt payload [aud] field is not a string or string list"
  case signatureBadBase64 = "Jwt signature is an invalid Base64url encoded"
  case unknownIssuer = "Jwt issuer is not configured"
  case audienceNotAllowed = "Audiences in Jwt are not allowed"
  case verificationFail = "Jwt verification fails"
  case noMatchingKey = "Jwks doesn't have key to match kid or alg from Jwt"
}

/// A rejected token: the status for the 401 body plus where it was found, for logs.
public struct JWTFailure: Error, Sendable, Hashable {
  public var status: JWTStatus
  /// The issuer the token claimed, when it could be read.
  public var issuer: String?
  /// Where the token was found (`header authorization`, `query access_token`, `cookie x`).
  public var location: String

  public var message: String {
    "JWT from \(location)\(issuer.map { " (issuer \"\($0)\")" } ?? ""): \(status.rawValue)"
  }
}
