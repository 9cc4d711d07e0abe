/// One `jwtRules` entry of a RequestAuthentication: which issuer's tokens to verify and how.
public struct JWTRule: JSONObjectConvertible {
  /// The `iss` the token must carry. Required by Istio; read as empty when missing so the
  /// control plane can report the rule instead of silently dropping it.
  public var issuer: String
  /// Accepted `aud` values; empty accepts the service's own hostnames, as Istio does.
  public var audiences: [String]
  /// Where to fetch the key set. Unreachable without internet, hence `jwks`.
  public var jwksUri: String?
  /// The key set inline (a JWKS JSON document as a string), for clusters that cannot fetch
  /// `jwksUri`; Istio expects one of the two.
  public var jwks: String?
  /// Where to look for the token; empty means `Authorization: Bearer <token>`.
  public var fromHeaders: [JWTHeader]
  /// Query parameters that may carry the token.
  public var fromParams: [String]
  public var fromCookies: [String]
  /// A header to forward the verified payload in (base64url-encoded JSON).
  public var outputPayloadToHeader: String?
  /// Keep the token in the request after verification (by default it is removed).
  public var forwardOriginalToken: Bool
  public var outputClaimToHeaders: [ClaimToHeader]
  public var otherFields: [String: JSONValue]

  public init(
    issuer: String, audiences: [String] = [], jwksUri: String? = nil, jwks: String? = nil,
    fromHeaders: [JWTHeader] = [], fromParams: [String] = [], fromCookies: [String] = [],
    outputPayloadToHeader: String? = nil, forwardOriginalToken: Bool = false,
    outputClaimToHeaders: [ClaimToHeader] = [], otherFields: [String: JSONValue] = [:]
  ) {
    self.issuer = issuer
    self.audiences = audiences
    self.jwksUri = jwksUri
    self.jwks = jwks
    self.fromHeaders = fromHeaders
    self.fromParams = fromParams
    self.fromCookies = fromCookies
    self.outputPayloadToHeader = outputPayloadToHeader
    self.forwardOriginalToken = forwardOriginalToken
    self.outputClaimToHeaders = outputClaimToHeaders
    self.otherFields = otherFields
  }

  private static let modelled: Set<String> = [
    "issuer", "audiences", "jwksUri", "jwks", "fromHeaders", "fromParams", "fromCookies", "outputPayloadToHeader",
    "forwardOriginalToken", "outputClaimToHeaders",
  ]

  public init?(json: JSONValue) {
    guard let members = json.objectValue else { return nil }
    self.init(
      issuer: json.string("issuer") ?? "", audiences: json.strings("audiences"), jwksUri: json.string("jwksUri"),
      jwks: json.string("jwks"), fromHeaders: json.list("fromHeaders"), fromParams: json.strings("fromParams"),
      fromCookies: json.strings("fromCookies"), outputPayloadToHeader: json.string("outputPayloadToHeader"),
      forwardOriginalToken: json.bool("forwardOriginalToken") ?? false,
      outputClaimToHeaders: json.list("outputClaimToHeaders"), otherFields: members.removingKeys(Self.modelled))
  }

  public var json: JSONValue {
    var members = otherFields
    members["issuer"] = issuer.isEmpty ? nil : .string(issuer)
    members["audiences"] = .strings(audiences)
    members["jwksUri"] = .text(jwksUri)
    members["jwks"] = .text(jwks)
    members["fromHeaders"] = .list(fromHeaders)
    members["fromParams"] = .strings(fromParams)
    members["fromCookies"] = .strings(fromCookies)
    members["outputPayloadToHeader"] = .text(outputPayloadToHeader)
    members["forwardOriginalToken"] = forwardOriginalToken ? .bool(true) : nil
    members["outputClaimToHeaders"] = .list(outputClaimToHeaders)
    return .object(members)
  }
}
