/// A JSON document held as a value tree.
///
/// Kubernetes objects are kept in this form rather than as fixed structs so that every field a
/// newer API server (or a CRD author) adds survives a read-modify-write: nothing unknown is dropped.
/// Integers and floating-point numbers are kept apart so that `port: 8080` round-trips as `8080`.
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])
}

extension JSONValue {
  /// The member `key` of an object, or `nil` for a missing key or a value that is not an object.
  public subscript(key: String) -> JSONValue? {
    get {
      guard case .object(let members) = self else { return nil }
      return members[key]
    }
    set {
      guard case .object(var members) = self else {
        if let newValue { self = .object([key: newValue]) }
        return
      }
      members[key] = newValue
      self = .object(members)
    }
  }

  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  public var intValue: Int64? {
    switch self {
    case .int(let value): return value
    case .double(let value) where value.rounded() == value && abs(value) < 9e15: return Int64(value)
    default: return nil
    }
  }

  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let value) = self { return value }
    return nil
  }

  public var objectValue: [String: JSONValue]? {
    if case .object(let value) = self { return value }
    return nil
  }

  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The value at a dotted path of object keys (`["spec", "nodeName"]`).
  public func value(at path: [String]) -> JSONValue? {
    var current = self
    for key in path {
      guard let next = current[key] else { return nil }
      current = next
    }
    return current
  }

  /// Sets (or, with `nil`, removes) the value at a path of object keys, creating objects on the way.
  public mutating func setValue(_ newValue: JSONValue?, at path: [String]) {
    guard let first = path.first else {
      self = newValue ?? .null
      return
    }
    if path.count == 1 {
      self[first] = newValue
      return
    }
    var child = self[first] ?? .object([:])
    if child.objectValue == nil { child = .object([:]) }
    child.setValue(newValue, at: Array(path.dropFirst()))
    self[first] = child
  }

  /// A `[String: String]` map such as labels or annotations; non-string members are skipped.
  public var stringMap: [String: String] {
    guard case .object(let members) = self else { return [:] }
    var result: [String: String] = [:]
    result.reserveCapacity(members.count)
    for (key, value) in members {
      if case .string(let text) = value { result[key] = text }
    }
    return result
  }

  /// The JSON object for a string map.
  public static func stringMap(_ map: [String: String]) -> JSONValue {
    var members: [String: JSONValue] = [:]
    members.reserveCapacity(map.count)
    for (key, value) in map { members[key] = .string(value) }
    return .object(members)
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
  public init(nilLiteral: ()) { self = .null }
}
