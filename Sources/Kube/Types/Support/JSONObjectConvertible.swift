/// A value stored as one JSON object inside a Kubernetes object: a container port, a listener,
/// a condition.
///
/// Conforming types keep the members they do not model in `otherFields` and write them back, so a
/// list read from an object and written back after edits (reordered, filtered, appended to) keeps
/// every field a newer API server or another controller put there.
public protocol JSONObjectConvertible: Sendable, Hashable {
  /// Reads the value leniently; `nil` only when `json` is not an object or lacks what identifies it.
  init?(json: JSONValue)
  /// The JSON object: `otherFields` with the modelled members written over them.
  var json: JSONValue { get }
}

extension JSONValue {
  /// The elements of the array at `key` that read as `T`; others are skipped, not fatal.
  func list<T: JSONObjectConvertible>(_ key: String, as type: T.Type = T.self) -> [T] {
    (self[key]?.arrayValue ?? []).compactMap { T(json: $0) }
  }

  /// The JSON array of `items`, or `nil` (the member removed) when there are none, as Kubernetes
  /// omits empty lists.
  static func list<T: JSONObjectConvertible>(_ items: [T]) -> JSONValue? {
    items.isEmpty ? nil : .array(items.map(\.json))
  }
}
