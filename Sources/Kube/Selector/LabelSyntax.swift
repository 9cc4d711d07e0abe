/// Kubernetes label key and value syntax (`IsQualifiedName`, `IsValidLabelValue` in apimachinery's
/// validation package), checked without regular expressions so selectors parse on hot paths cheaply.
enum LabelSyntax {
  static let maxNameLength = 63
  static let maxPrefixLength = 253

  static let nameRule =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name', '123-abc')"
  static let valueRule =
    "a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', 'my_value', '12345')"
  static let prefixRule =
    "must be a lowercase RFC 1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character (e.g. 'example.com')"

  /// Why `key` is not a valid label key (`[prefix/]name`), or nil when it is.
  static func keyProblem(_ key: String) -> String? {
    let parts = key.split(separator: "/", omittingEmptySubsequences: false)
    let name: Substring
    switch parts.count {
    case 1:
      name = parts[0]
    case 2:
      let prefix = parts[0]
      name = parts[1]
      if prefix.isEmpty { return "prefix part must be non-empty" }
      if prefix.utf8.count > maxPrefixLength { return "prefix part must be no more than \(maxPrefixLength) characters" }
      if !isDNS1123Subdomain(prefix) { return "prefix part \(prefixRule)" }
    default:
      return "a qualified name \(nameRule), with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    }
    if name.isEmpty { return "name part must be non-empty" }
    if name.utf8.count > maxNameLength { return "name part must be no more than \(maxNameLength) characters" }
    if !isQualifiedNameBody(name) { return "name part \(nameRule)" }
    return nil
  }

  /// Why `value` is not a valid label value (empty, or a name of at most 63 characters), or nil.
  static func valueProblem(_ value: String) -> String? {
    if value.isEmpty { return nil }
    if value.utf8.count > maxNameLength { return "must be no more than \(maxNameLength) characters" }
    if !isQualifiedNameBody(Substring(value)) { return valueRule }
    return nil
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
  }

  /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
  private static func isQualifiedNameBody(_ text: Substring) -> Bool {
    let bytes = Array(text.utf8)
    guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
      return false
    }
    return bytes.allSatisfy {
      isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
    }
  }

  /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`
  private static func isDNS1123Subdomain(_ text: Substring) -> Bool {
    for label in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
      guard let first = label.first, let last = label.last else { return false }
      func lowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
          || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
      }
      guard lowerAlphanumeric(first), lowerAlphanumeric(last) else { return false }
      guard label.allSatisfy({ lowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return false }
    }
    return true
  }
}
