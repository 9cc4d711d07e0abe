/// An Istio AuthorizationPolicy (`security.istio.io`), kept close to the manifest: the control
/// plane translates `rules` into the mesh model, so they stay raw JSON here.
///
/// Not called `AuthorizationPolicy`: that is the mesh model's name (`Shared.AuthorizationPolicy`),
/// which the control plane translates this into, importing both modules.
public struct KubeAuthorizationPolicy: IstioPolicyResource {
  public static let resourceType = ResourceType.authorizationPolicy
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// `ALLOW` when absent, as in Istio. `nil` for a value that is not one of the four actions:
  /// treating a misspelt `DENY` as an `ALLOW` would open what the author meant to close, so the
  /// control plane must reject the policy instead.
  public var action: AuthorizationPolicyAction? {
    get {
      guard let text = field("spec", "action")?.stringValue else { return .allow }
      return AuthorizationPolicyAction(rawValue: text)
    }
    set { setField(newValue.map { .string($0.rawValue) }, "spec", "action") }
  }

  /// The action as written, for error messages about an unknown one.
  public var actionText: String? { field("spec", "action")?.stringValue }

  /// `spec.rules` as written: each has `from`, `to` and `when` clauses. No rules match nothing
  /// (so an ALLOW policy without rules denies all it applies to), while one empty rule matches all.
  public var rules: [JSONValue] {
    get { field("spec", "rules")?.arrayValue ?? [] }
    set { setField(newValue.isEmpty ? nil : .array(newValue), "spec", "rules") }
  }

  /// `spec.provider.name` for `CUSTOM` policies.
  public var providerName: String? { field("spec", "provider", "name")?.stringValue }
}
