import Foundation

/// A TokenRequest (`authentication.k8s.io`): the body POSTed to a ServiceAccount's `token`
/// subresource to mint a short-lived, audience-bound token. Never stored.
public struct TokenRequest: KubeResource {
  public static let resourceType = ResourceType.tokenRequest
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// The request body. `expirationSeconds` `nil` lets the server choose (Kubernetes: one hour).
  public init(audiences: [String], expirationSeconds: Int? = nil, boundObjectRef: BoundObjectReference? = nil) {
    var object = KubeObject(type: Self.resourceType, name: "")
    object.metadata = [:]
    var spec: JSONValue = [:]
    spec["audiences"] = .strings(audiences)
    spec["expirationSeconds"] = .integer(expirationSeconds)
    spec["boundObjectRef"] = boundObjectRef?.json
    object.spec = spec
    self.init(object)
  }

  // MARK: Request

  public var audiences: [String] { field("spec").map { $0.strings("audiences") } ?? [] }

  public var expirationSeconds: Int? {
    field("spec", "expirationSeconds")?.intValue.flatMap { Int(exactly: $0) }
  }

  public var boundObjectRef: BoundObjectReference? {
    field("spec", "boundObjectRef").flatMap(BoundObjectReference.init(json:))
  }

  // MARK: Response

  /// The signed token (a JWT).
  public var token: String? {
    get { field("status", "token")?.stringValue }
    set { setField(.text(newValue), "status", "token") }
  }

  /// When the token stops being valid (RFC 3339, whole seconds).
  public var expirationTimestamp: Date? {
    get { field("status", "expirationTimestamp")?.stringValue.flatMap(KubeTime.parse) }
    set { setField(newValue.map { .string(KubeTime.format($0)) }, "status", "expirationTimestamp") }
  }
}
