/// A TokenReview (`authentication.k8s.io`): asks the API server whether a bearer token is valid
/// and for whom. An API request/response body, never stored: the CA sends one for each CSR's
/// token, and the dev API server answers them.
public struct TokenReview: KubeResource {
  public static let resourceType = ResourceType.tokenReview
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// The request body: review `token`, which must be valid for at least one of `audiences`
  /// (empty: the API server's own audiences).
  public init(token: String, audiences: [String] = []) {
    var object = KubeObject(type: Self.resourceType, name: "")
    object.metadata = [:]
    var spec: JSONValue = ["token": .string(token)]
    spec["audiences"] = .strings(audiences)
    object.spec = spec
    self.init(object)
  }

  // MARK: Request

  public var token: String? { field("spec", "token")?.stringValue }

  /// The audiences the client asked for.
  public var audiences: [String] { field("spec").map { $0.strings("audiences") } ?? [] }

  // MARK: Response

  public var authenticated: Bool {
    get { field("status", "authenticated")?.boolValue ?? false }
    set { setField(.bool(newValue), "status", "authenticated") }
  }

  /// Who the token belongs to, when authenticated.
  public var user: UserInfo? {
    get { field("status", "user").flatMap(UserInfo.init(json:)) }
    set { setField(newValue?.json, "status", "user") }
  }

  /// The audiences (of those requested) the token is valid for.
  public var statusAudiences: [String] {
    get { field("status").map { $0.strings("audiences") } ?? [] }
    set { setField(.strings(newValue), "status", "audiences") }
  }

  /// Why the token was not accepted.
  public var error: String? {
    get { field("status", "error")?.stringValue }
    set { setField(.text(newValue), "status", "error") }
  }
}
