/// A JSON value from a JWT header or payload: claims are matched by policies and copied into
/// headers, so they are kept as a tree rather than flattened to strings.
public enum JSONClaim: Sendable, Hashable, Decodable {
  case string(String)
  case number(Double)
  case bool(Bool)
  case array([JSONClaim])
  case object([String: JSONClaim])
  case null

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONClaim].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONClaim].self))
    }
  }

  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The value as Envoy writes it into a header (`claim_to_headers`): strings as they are,
  /// numbers and booleans as text, lists of those joined with ","; objects and null: `nil`.
  public var headerValue: String? {
    switch self {
    case .string(let value): return value
    case .bool(let value): return value ? "true" : "false"
    case .number(let value):
      if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
      return String(value)
    case .array(let items):
      let parts = items.compactMap { item -> String? in
        if case .array = item { return nil }
        return item.headerValue
      }
      return parts.count == items.count ? parts.joined(separator: ",") : nil
    case .object, .null: return nil
    }
  }

  /// The strings a policy matches against: a string claim, or each string of a list claim
  /// (other types match nothing: comparing `true` with "true" is a guess policies must not rely on).
  var policyStrings: [String] {
    switch self {
    case .string(let value): return [value]
    case .array(let items): return items.compactMap(\.stringValue)
    default: return []
    }
  }

  /// An integer NumericDate (`exp`, `nbf`, `iat`); `nil` when not an integer.
  var integer: Int64? {
    guard case .number(let value) = self, value.rounded() == value, abs(value) < 9e15 else { return nil }
    return Int64(value)
  }
}
