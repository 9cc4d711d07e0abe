import Kube

/// Every resource the server routes: the built-in kinds and those CRDs add.
///
/// A value type, rebuilt from the stored CRDs whenever one changes, so that a request sees one
/// consistent set of routes.
struct ResourceRegistry: Sendable {
  /// One API group as discovery lists it.
  struct Group: Sendable, Hashable {
    var name: String
    /// Highest priority first; the first is the preferred version.
    var versions: [String]
  }

  private let builtin: [ServedResource]
  private(set) var resources: [ServedResource]
  private var byPath: [String: ServedResource] = [:]
  private(set) var definitions: [ServedCustomResource] = []

  init(builtin: [ServedResource] = BuiltinResources.all) {
    self.builtin = builtin
    self.resources = builtin
    reindex()
  }

  private static func pathKey(_ group: String, _ version: String, _ plural: String) -> String {
    "\(group)/\(version)/\(plural)"
  }

  private mutating func reindex() {
    byPath = [:]
    for resource in resources {
      let key = Self.pathKey(resource.type.group, resource.type.version, resource.type.plural)
      // A CRD cannot take over a built-in resource: the first registration wins.
      if byPath[key] == nil { byPath[key] = resource }
    }
  }

  /// Serves exactly the given CRDs' versions from now on.
  mutating func setCustomResources(_ definitions: [ServedCustomResource]) {
    self.definitions = definitions.sorted { $0.name < $1.name }
    resources = builtin + self.definitions.flatMap(\.servedResources)
    reindex()
  }

  func resource(group: String, version: String, plural: String) -> ServedResource? {
    byPath[Self.pathKey(group, version, plural)]
  }

  /// The served resource for an object's `apiVersion` and `kind`.
  func resource(apiVersion: String, kind: String) -> ServedResource? {
    let (group, version) = Self.split(apiVersion: apiVersion)
    return resources.first { $0.type.group == group && $0.type.version == version && $0.type.kind == kind }
  }

  /// Any served version of the resource stored under `storageKey`.
  func resource(storageKey: String) -> ServedResource? {
    resources.first { $0.storageKey == storageKey }
  }

  func resources(group: String, version: String) -> [ServedResource] {
    resources.filter { $0.type.group == group && $0.type.version == version }
  }

  /// The groups other than the core group, built-in groups first, in the order they were registered.
  var groups: [Group] {
    var order: [String] = []
    var versions: [String: [String]] = [:]
    for resource in resources where !resource.type.group.isEmpty {
      let group = resource.type.group
      if versions[group] == nil {
        order.append(group)
        versions[group] = []
      }
      if !versions[group]!.contains(resource.type.version) { versions[group]!.append(resource.type.version) }
    }
    return order.map { Group(name: $0, versions: VersionPriority.sorted(versions[$0]!)) }
  }

  func group(named name: String) -> Group? { groups.first { $0.name == name } }

  /// `apps/v1` → (`apps`, `v1`); `v1` → (``, `v1`).
  static func split(apiVersion: String) -> (group: String, version: String) {
    guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
    return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
  }
}
