/// Lenient typed reads and omit-when-empty writes of object members, shared by the typed views.
extension JSONValue {
  func string(_ key: String) -> String? { self[key]?.stringValue }

  /// An integer member that fits in `Int`; a float with an integral value counts (JSON has one number type).
  func int(_ key: String) -> Int? { self[key]?.intValue.flatMap { Int(exactly: $0) } }

  func bool(_ key: String) -> Bool? { self[key]?.boolValue }

  /// The string elements of the array at `key`; empty when absent, non-strings skipped.
  func strings(_ key: String) -> [String] {
    (self[key]?.arrayValue ?? []).compactMap(\.stringValue)
  }

  /// `nil` for an empty list, so that writing `[]` removes the member the way Kubernetes omits it.
  static func strings(_ values: [String]) -> JSONValue? {
    values.isEmpty ? nil : .array(values.map(JSONValue.string))
  }

  static func integer(_ value: Int?) -> JSONValue? { value.map { .int(Int64($0)) } }

  static func text(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }

  static func flag(_ value: Bool?) -> JSONValue? { value.map(JSONValue.bool) }
}

extension Dictionary where Key == String, Value == JSONValue {
  /// The members not listed in `keys`: what a typed value keeps in `otherFields`.
  func removingKeys(_ keys: Set<String>) -> [String: JSONValue] {
    filter { !keys.contains($0.key) }
  }
}
