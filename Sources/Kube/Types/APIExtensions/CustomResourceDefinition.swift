import Foundation

/// A CustomResourceDefinition: how the Istio and Gateway API kinds are installed, and what the
/// dev API server reads to start serving a new kind.
public struct CustomResourceDefinition: KubeResource {
  public static let resourceType = ResourceType.customResourceDefinition
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// A definition for `type`, named `<plural>.<group>` as Kubernetes requires, with its names,
  /// scope and the given versions (by default one served, stored version of `type` with a status
  /// subresource and a schema that accepts any object).
  public init(
    for type: ResourceType, versions: [CustomResourceDefinitionVersion]? = nil, categories: [String] = []
  ) {
    self.init(name: type.qualifiedName)
    group = type.group
    names = CustomResourceDefinitionNames(
      kind: type.kind, plural: type.plural, singular: type.singular, shortNames: type.shortNames,
      listKind: type.listKind, categories: categories)
    scope = type.namespaced ? "Namespaced" : "Cluster"
    self.versions = versions ?? [CustomResourceDefinitionVersion(name: type.version)]
  }

  public var group: String {
    get { field("spec", "group")?.stringValue ?? "" }
    set { setField(.string(newValue), "spec", "group") }
  }

  /// `nil` when `spec.names` lacks a kind or plural.
  public var names: CustomResourceDefinitionNames? {
    get { field("spec", "names").flatMap(CustomResourceDefinitionNames.init(json:)) }
    set { setField(newValue?.json, "spec", "names") }
  }

  /// `Namespaced` or `Cluster`.
  public var scope: String {
    get { field("spec", "scope")?.stringValue ?? "" }
    set { setField(.string(newValue), "spec", "scope") }
  }

  public var isNamespaced: Bool { scope == "Namespaced" }

  public var versions: [CustomResourceDefinitionVersion] {
    get { (field("spec", "versions")?.arrayValue ?? []).compactMap { CustomResourceDefinitionVersion(json: $0) } }
    set { setField(.array(newValue.map(\.json)), "spec", "versions") }
  }

  /// The version objects are persisted in.
  public var storageVersion: CustomResourceDefinitionVersion? { versions.first { $0.storage } }

  /// One `ResourceType` per served version: what an API server routes and lists in discovery.
  /// Empty when the names are unusable.
  public var servedResourceTypes: [ResourceType] {
    guard let names else { return [] }
    return versions.filter(\.served).map { version in
      ResourceType(
        group: group, version: version.name, kind: names.kind, plural: names.plural, singular: names.singular,
        namespaced: isNamespaced, shortNames: names.shortNames)
    }
  }

  public var conditions: [Condition] {
    get { conditions(at: "status", "conditions") }
    set { setConditions(newValue, at: "status", "conditions") }
  }

  /// Adds or replaces the condition of the same type (see `Condition.upsert`).
  public mutating func setCondition(_ condition: Condition, now: Date = Date()) {
    conditions = Condition.upsert(condition, into: conditions, now: now)
  }

  /// Condition `Established` is `True`: the API serves the kind.
  public var isEstablished: Bool { conditions.isTrue("Established") }

  /// `status.acceptedNames`: the names the API server actually serves.
  public var acceptedNames: CustomResourceDefinitionNames? {
    get { field("status", "acceptedNames").flatMap(CustomResourceDefinitionNames.init(json:)) }
    set { setField(newValue?.json, "status", "acceptedNames") }
  }

  /// `status.storedVersions`: every version objects were ever persisted in.
  public var storedVersions: [String] {
    get { field("status").map { $0.strings("storedVersions") } ?? [] }
    set { setField(.strings(newValue), "status", "storedVersions") }
  }
}
