import Kube

/// The JSON httpbin writes, with Python's `json.dumps(indent=2, sort_keys=True)` layout, so
/// scripts that compare or grep httpbin output see the same bytes they would from the real one.
public indirect enum HttpbinJSON: Sendable, Hashable {
  case null
  case bool(Bool)
  /// A number as Python prints it.
  case number(String)
  case string(String)
  case array([HttpbinJSON])
  case object([String: HttpbinJSON])

  /// Pretty form: keys sorted, two spaces per level, `": "` and `","` separators, and
  /// non-ASCII escaped as `\uXXXX` (Python's `ensure_ascii`).
  public func pretty(indent: Int = 0) -> String {
    let pad = String(repeating: " ", count: indent + 2)
    let close = String(repeating: " ", count: indent)
    switch self {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let text): return text
    case .string(let text): return Self.quote(text)
    case .array(let items):
      guard !items.isEmpty else { return "[]" }
      let inner = items.map { pad + $0.pretty(indent: indent + 2) }
      return "[\n" + inner.joined(separator: ",\n") + "\n" + close + "]"
    case .object(let members):
      guard !members.isEmpty else { return "{}" }
      let inner = members.keys.sorted().map { key in
        pad + Self.quote(key) + ": " + members[key]!.pretty(indent: indent + 2)
      }
      return "{\n" + inner.joined(separator: ",\n") + "\n" + close + "}"
    }
  }

  static func quote(_ text: String) -> String {
    var out = "\""
    for unit in text.utf16 {
      switch unit {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0C: out += "\\f"
      case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
      default:
        let hex = String(unit, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    return out + "\""
  }
}

extension HttpbinJSON {
  /// The JSON a client sent (`/anything`'s `json` member), re-printed in httpbin's layout.
  init(_ value: JSONValue) {
    switch value {
    case .null: self = .null
    case .bool(let flag): self = .bool(flag)
    case .int(let number): self = .number(String(number))
    case .double(let number): self = .number(String(number))
    case .string(let text): self = .string(text)
    case .array(let items): self = .array(items.map(HttpbinJSON.init))
    case .object(let members): self = .object(members.mapValues(HttpbinJSON.init))
    }
  }
}
