/// Field selectors the server supports: metadata.name, metadata.namespace (all kinds), spec.nodeName and
/// status.phase (pods), with =, ==, != joined by commas. Anything else fails with the Kubernetes message
/// `field label not supported: <field>`.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
  /// One `field=value` or `field!=value` term.
  public struct Term: Sendable, Hashable, CustomStringConvertible {
    public var field: String
    /// `false` for `!=`.
    public var equals: Bool
    public var value: String

    public init(field: String, equals: Bool, value: String) {
      self.field = field
      self.equals = equals
      self.value = value
    }

    /// `field=value` with `\`, `,` and `=` in the value escaped by a backslash, as Kubernetes prints it.
    public var description: String {
      var escaped = ""
      for character in value {
        if character == "\\" || character == "," || character == "=" { escaped.append("\\") }
        escaped.append(character)
      }
      return "\(field)\(equals ? "=" : "!=")\(escaped)"
    }
  }

  /// Sorted by their text, so equal selectors compare equal.
  public let terms: [Term]

  /// Matches every object (the empty selector).
  public static let everything = FieldSelector(validatedTerms: [])

  /// Fields every kind supports.
  public static let commonFields: Set<String> = ["metadata.name", "metadata.namespace"]
  /// Extra fields by kind.
  public static let kindFields: [String: Set<String>] = ["Pod": ["spec.nodeName", "status.phase"]]

  /// The fields a selector on `kind` may use.
  public static func supportedFields(forKind kind: String) -> Set<String> {
    commonFields.union(kindFields[kind] ?? [])
  }

  private init(validatedTerms: [Term]) {
    terms = validatedTerms.sorted { $0.description < $1.description }
  }

  /// Parses `a=b,c!=d` (also `==`; `\,`, `\=` and `\\` escape inside values), accepting any field some
  /// kind supports. Use `init(parsing:kind:)` when the kind is known.
  public init(parsing text: String) throws(SelectorError) {
    var allFields = Self.commonFields
    for fields in Self.kindFields.values { allFields.formUnion(fields) }
    try self.init(parsing: text, supportedFields: allFields)
  }

  /// Parses and checks every field against those `kind` supports.
  public init(parsing text: String, kind: String) throws(SelectorError) {
    try self.init(parsing: text, supportedFields: Self.supportedFields(forKind: kind))
  }

  private init(parsing text: String, supportedFields: Set<String>) throws(SelectorError) {
    var terms: [Term] = []
    for part in Self.splitTerms(text) where !part.isEmpty {
      guard let (field, equals, rawValue) = Self.splitTerm(part) else {
        throw SelectorError("invalid field selector \"\(text)\": can't understand '\(part)'")
      }
      let value: String
      do {
        value = try Self.unescape(rawValue)
      } catch {
        throw SelectorError("invalid field selector \"\(text)\": term '\(part)': \(error.message)")
      }
      guard supportedFields.contains(field) else { throw SelectorError("field label not supported: \(field)") }
      terms.append(Term(field: field, equals: equals, value: value))
    }
    self.init(validatedTerms: terms)
  }

  /// Fails with Kubernetes' `field label not supported` for a field `kind` does not support.
  public func validate(forKind kind: String) throws(SelectorError) {
    let supported = Self.supportedFields(forKind: kind)
    for term in terms where !supported.contains(term.field) {
      throw SelectorError("field label not supported: \(term.field)")
    }
  }

  public func matches(_ object: KubeObject) -> Bool {
    for term in terms where (Self.fieldValue(term.field, of: object) == term.value) != term.equals { return false }
    return true
  }

  /// The value a field selector compares: the named metadata field, or the scalar at the dotted path
  /// printed as text; an absent field reads as the empty string, as in Kubernetes.
  public static func fieldValue(_ field: String, of object: KubeObject) -> String {
    switch field {
    case "metadata.name": return object.name
    case "metadata.namespace": return object.namespace
    default:
      let path = field.split(separator: ".").map(String.init)
      switch object.json.value(at: path) {
      case .string(let text)?: return text
      case .bool(let flag)?: return flag ? "true" : "false"
      case .int(let number)?: return String(number)
      case .double(let number)?: return String(number)
      default: return ""
      }
    }
  }

  public var isEverything: Bool { terms.isEmpty }

  /// The value required for a field by an equality term (e.g. metadata.name for `kubectl wait`), if any.
  public func requiredValue(for field: String) -> String? {
    terms.first { $0.field == field && $0.equals }?.value
  }

  /// The canonical form: terms sorted and joined by commas; empty for everything.
  public var description: String { terms.map(\.description).joined(separator: ",") }

  /// Splits at commas not escaped by a backslash.
  private static func splitTerms(_ text: String) -> [String] {
    guard !text.isEmpty else { return [] }
    var terms: [String] = []
    var current = ""
    var escaped = false
    for character in text {
      if escaped {
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "," {
        terms.append(current)
        current = ""
        continue
      }
      current.append(character)
    }
    terms.append(current)
    return terms
  }

  /// Splits at the first `!=`, `==` or `=` (checked in that order at each position).
  private static func splitTerm(_ term: String) -> (field: String, equals: Bool, value: String)? {
    var index = term.startIndex
    while index < term.endIndex {
      let rest = term[index...]
      for (op, equals) in [("!=", false), ("==", true), ("=", true)] where rest.hasPrefix(op) {
        return (String(term[..<index]), equals, String(rest.dropFirst(op.count)))
      }
      index = term.index(after: index)
    }
    return nil
  }

  /// Undoes `\\`, `\,` and `\=`; unescaped `,` or `=` and other escapes are errors.
  private static func unescape(_ value: String) throws(SelectorError) -> String {
    var result = ""
    var escaped = false
    for character in value {
      if escaped {
        guard character == "\\" || character == "," || character == "=" else {
          throw SelectorError("invalid escape sequence '\\\(character)'")
        }
        result.append(character)
        escaped = false
        continue
      }
      switch character {
      case "\\": escaped = true
      case ",", "=": throw SelectorError("unescaped character '\(character)' in value")
      default: result.append(character)
      }
    }
    if escaped { throw SelectorError("invalid escape sequence: a value cannot end with '\\'") }
    return result
  }
}
