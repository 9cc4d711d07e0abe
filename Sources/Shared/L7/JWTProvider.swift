/// A RequestAuthentication `jwtRules` entry with its key set inline: the waypoint never fetches
/// keys itself (it may have no route to the issuer), and an empty key set makes every token of the
/// issuer invalid, so a provider whose keys could not be fetched fails closed.
public struct JWTProvider: Sendable, Hashable {
  /// `namespace/name` of the RequestAuthentication.
  public var source: String
  public var issuer: String
  public var audiences: [String]
  public var jwksURI: String?
  /// JWKS JSON (`{"keys":[...]}`), validated by the control plane.
  public var jwks: String
  public var fromHeaders: [JWTHeaderLocation]
  public var fromParams: [String]
  public var fromCookies: [String]
  public var forwardOriginalToken: Bool
  public var outputClaimToHeaders: [JWTClaimHeader]
  public var outputPayloadToHeader: String?

  /// The key set that accepts no token.
  public static let emptyKeySet = #"{"keys":[]}"#

  public init(
    source: String, issuer: String, audiences: [String] = [], jwksURI: String? = nil,
    jwks: String = JWTProvider.emptyKeySet, fromHeaders: [JWTHeaderLocation] = [], fromParams: [String] = [],
    fromCookies: [String] = [], forwardOriginalToken: Bool = false, outputClaimToHeaders: [JWTClaimHeader] = [],
    outputPayloadToHeader: String? = nil
  ) {
    self.source = source
    self.issuer = issuer
    self.audiences = audiences
    self.jwksURI = jwksURI
    self.jwks = jwks
    self.fromHeaders = fromHeaders
    self.fromParams = fromParams
    self.fromCookies = fromCookies
    self.forwardOriginalToken = forwardOriginalToken
    self.outputClaimToHeaders = outputClaimToHeaders
    self.outputPayloadToHeader = outputPayloadToHeader
  }
}

/// A header a token may arrive in, with the prefix to strip (e.g. `Bearer `).
public struct JWTHeaderLocation: Sendable, Hashable {
  public var name: String
  public var prefix: String

  public init(name: String, prefix: String = "") {
    self.name = name
    self.prefix = prefix
  }
}

/// `outputClaimToHeaders`: copy a verified claim into a request header.
public struct JWTClaimHeader: Sendable, Hashable {
  public var header: String
  public var claim: String

  public init(header: String, claim: String) {
    self.header = header
    self.claim = claim
  }
}
