/// Where an object lives in the store: its resource's storage key (`pods`, `deployments.apps`),
/// namespace (empty for cluster-scoped kinds) and name.
struct ObjectRef: Sendable, Hashable, Comparable, CustomStringConvertible {
  var storageKey: String
  var namespace: String
  var name: String

  static func < (lhs: ObjectRef, rhs: ObjectRef) -> Bool {
    (lhs.storageKey, lhs.namespace, lhs.name) < (rhs.storageKey, rhs.namespace, rhs.name)
  }

  var description: String { namespace.isEmpty ? "\(storageKey) \(name)" : "\(storageKey) \(namespace)/\(name)" }
}
