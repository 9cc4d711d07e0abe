/// Path-based reads and writes into the underlying object, shared by the typed views.
extension KubeResource {
  func field(_ path: String...) -> JSONValue? { object.json.value(at: path) }

  /// Sets the value at `path`; removing a member of an absent parent leaves the object untouched
  /// rather than creating an empty `status: {}` on the way.
  mutating func setField(_ value: JSONValue?, _ path: String...) {
    if value == nil, object.json.value(at: Array(path.dropLast())) == nil { return }
    object.json.setValue(value, at: path)
  }

  /// The `Condition` list at `path`.
  func conditions(at path: String...) -> [Condition] {
    (object.json.value(at: path)?.arrayValue ?? []).compactMap { Condition(json: $0) }
  }

  mutating func setConditions(_ conditions: [Condition], at path: String...) {
    let value = JSONValue.list(conditions)
    if value == nil, object.json.value(at: Array(path.dropLast())) == nil { return }
    object.json.setValue(value, at: path)
  }
}
