/// What Istio's security policies share: a free-form `spec` and the two ways to say what the
/// policy applies to (a workload `selector`, or `targetRefs`).
public protocol IstioPolicyResource: KubeResource {}

extension IstioPolicyResource {
  /// `spec` as written; empty object when absent.
  public var spec: JSONValue {
    get { object.spec ?? [:] }
    set { object.spec = newValue }
  }

  /// `spec.selector.matchLabels`; `nil` when there is no selector (the policy applies namespace-wide,
  /// or mesh-wide in the root namespace, unless it has `targetRefs`).
  public var selectorMatchLabels: [String: String]? {
    get { field("spec", "selector").map { $0["matchLabels"]?.stringMap ?? [:] } }
    set { setField(newValue.map { ["matchLabels": .stringMap($0)] }, "spec", "selector") }
  }

  /// `spec.targetRefs`, plus the deprecated single `spec.targetRef` for older manifests.
  public var targetRefs: [PolicyTargetReference] {
    get {
      var references: [PolicyTargetReference] = spec.list("targetRefs")
      if let single = spec["targetRef"].flatMap(PolicyTargetReference.init(json:)) { references.append(single) }
      return references
    }
    set {
      setField(nil, "spec", "targetRef")
      setField(.list(newValue), "spec", "targetRefs")
    }
  }
}
