extension JSONValue {
  /// "an object", "a string", ...: for error messages that say what was found where something else was
  /// expected.
  var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int, .double: return "a number"
    case .string: return "a string"
    case .array: return "a list"
    case .object: return "an object"
    }
  }

  /// JSON equality as RFC 6902 `test` defines it: numbers compare by value (`1` equals `1.0`), objects
  /// ignore member order, lists compare element by element.
  func isJSONEqual(to other: JSONValue) -> Bool {
    switch (self, other) {
    case (.int(let left), .double(let right)), (.double(let right), .int(let left)):
      return Double(left) == right
    case (.array(let left), .array(let right)):
      guard left.count == right.count else { return false }
      for index in left.indices where !left[index].isJSONEqual(to: right[index]) { return false }
      return true
    case (.object(let left), .object(let right)):
      guard left.count == right.count else { return false }
      for (key, value) in left {
        guard let otherValue = right[key], value.isJSONEqual(to: otherValue) else { return false }
      }
      return true
    default:
      return self == other
    }
  }

  /// Compact JSON text cut to `limit` characters, to quote a value in an error message.
  func abbreviatedJSON(limit: Int = 120) -> String {
    let text = jsonText
    guard text.count > limit else { return text }
    return String(text.prefix(limit)) + "..."
  }
}
