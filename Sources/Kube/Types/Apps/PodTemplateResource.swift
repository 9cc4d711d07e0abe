import Foundation

/// What Deployments and DaemonSets share: a label selector, a pod template, and status
/// conditions. The readers here are implemented once for both.
public protocol PodTemplateResource: KubeResource {}

extension PodTemplateResource {
  /// `spec.selector` as written (immutable after creation in Kubernetes).
  public var selector: JSONValue? {
    get { field("spec", "selector") }
    set { setField(newValue, "spec", "selector") }
  }

  /// `spec.selector` read as a `LabelSelector`; `nil` when absent or invalid (which the API
  /// server would not have admitted).
  public var labelSelector: LabelSelector? {
    guard let selector else { return nil }
    return try? LabelSelector(json: selector)
  }

  /// `spec.template` as written: the object the controller stamps pods from.
  public var template: JSONValue? {
    get { field("spec", "template") }
    set { setField(newValue, "spec", "template") }
  }

  public var templateLabels: [String: String] {
    get { field("spec", "template", "metadata", "labels")?.stringMap ?? [:] }
    set { setField(newValue.isEmpty ? nil : .stringMap(newValue), "spec", "template", "metadata", "labels") }
  }

  public var templateAnnotations: [String: String] {
    get { field("spec", "template", "metadata", "annotations")?.stringMap ?? [:] }
    set {
      setField(newValue.isEmpty ? nil : .stringMap(newValue), "spec", "template", "metadata", "annotations")
    }
  }

  /// `spec.template.spec`; writing it replaces the template's pod spec.
  public var templateSpec: PodSpec {
    get { PodSpec(json: field("spec", "template", "spec") ?? [:]) }
    set { object.json.setValue(newValue.json, at: ["spec", "template", "spec"]) }
  }

  /// The service account the pods will run as (`default` when unnamed).
  public var templateServiceAccountName: String { templateSpec.serviceAccountName }

  public var templateContainers: [Container] { templateSpec.containers }

  /// The generation the controller last acted on; status counts are stale while it lags
  /// `metadata.generation`.
  public var observedGeneration: Int64? {
    get { field("status", "observedGeneration")?.intValue }
    set { setField(newValue.map(JSONValue.int), "status", "observedGeneration") }
  }

  public var conditions: [Condition] {
    get { conditions(at: "status", "conditions") }
    set { setConditions(newValue, at: "status", "conditions") }
  }

  /// Adds or replaces the condition of the same type (see `Condition.upsert`).
  public mutating func setCondition(_ condition: Condition, now: Date = Date()) {
    conditions = Condition.upsert(condition, into: conditions, now: now)
  }

  /// A status counter (absent means zero, as Kubernetes omits zero counts).
  func statusCount(_ key: String) -> Int { field("status", key)?.intValue.flatMap { Int(exactly: $0) } ?? 0 }

  mutating func setStatusCount(_ value: Int, _ key: String) { setField(.int(Int64(value)), "status", key) }
}
