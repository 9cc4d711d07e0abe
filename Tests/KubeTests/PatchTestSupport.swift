import Kube

/// Helpers shared by the patch test suites.
enum PatchFixture {
  /// Parses JSON text; a malformed fixture is a bug in the test itself.
  static func parse(_ text: String) -> JSONValue {
    do {
      return try JSONParser.parse(text)
    } catch {
      fatalError("bad JSON fixture \(text): \(error)")
    }
  }

  /// Every object key anywhere in `value` that starts with `$` (a strategic-merge directive that leaked).
  static func directiveKeys(in value: JSONValue) -> [String] {
    switch value {
    case .object(let members):
      var found = members.keys.filter { $0.hasPrefix("$") }
      for member in members.values { found += directiveKeys(in: member) }
      return found
    case .array(let elements):
      return elements.flatMap { directiveKeys(in: $0) }
    default:
      return []
    }
  }
}
