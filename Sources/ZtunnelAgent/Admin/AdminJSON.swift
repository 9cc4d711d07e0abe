/// A JSON value with a deterministic encoder (sorted keys, two-space indent), so dumps diff
/// cleanly between scrapes and tests can compare text.
public indirect enum AdminJSON: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral
{
  case string(String)
  case int(Int64)
  case bool(Bool)
  case null
  case array([AdminJSON])
  case object([String: AdminJSON])

  public init(stringLiteral value: String) { self = .string(value) }
  public init(arrayLiteral elements: AdminJSON...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, AdminJSON)...) {
    self = .object(Dictionary(elements) { _, last in last })
  }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }

  /// UTF-8 text, pretty-printed, keys sorted, ending with a newline.
  public func serialized() -> [UInt8] {
    var out = ""
    write(into: &out, indent: "")
    out += "\n"
    return Array(out.utf8)
  }

  private func write(into out: inout String, indent: String) {
    switch self {
    case .string(let s): Self.quote(s, into: &out)
    case .int(let n): out += String(n)
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    case .array(let items):
      guard !items.isEmpty else { return out += "[]" }
      let inner = indent + "  "
      out += "[\n"
      for (i, item) in items.enumerated() {
        out += inner
        item.write(into: &out, indent: inner)
        out += i == items.count - 1 ? "\n" : ",\n"
      }
      out += indent + "]"
    case .object(let fields):
      guard !fields.isEmpty else { return out += "{}" }
      let inner = indent + "  "
      out += "{\n"
      for (i, key) in fields.keys.sorted().enumerated() {
        out += inner
        Self.quote(key, into: &out)
        out += ": "
        fields[key]!.write(into: &out, indent: inner)
        out += i == fields.count - 1 ? "\n" : ",\n"
      }
      out += indent + "}"
    }
  }

  /// RFC 8259 §7 string escaping.
  private static func quote(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
