import Kube
import Shared

/// Reads the values an AuthorizationPolicy lists (principals, namespaces, IP blocks, ports),
/// strictly: a value that is not well formed must make the policy fail closed, never be read
/// as something wider than written.
enum PolicyValueParser {
  /// Why a value was refused, to be prefixed with its field path.
  struct Problem: Error, Sendable {
    var message: String
  }

  /// Istio's string patterns: `*` (presence), `prefix*`, `*suffix`, or an exact value. Empty
  /// values, whitespace and a `*` anywhere else are refused.
  static func stringMatch(_ text: String) throws(Problem) -> StringMatch {
    guard !text.isEmpty else { throw Problem(message: "an empty string is not a valid value") }
    guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
    else { throw Problem(message: "\"\(text)\" contains whitespace or control characters") }
    let stars = text.filter { $0 == "*" }.count
    if text != "*" {
      let edgeOnly = stars == 0 || (stars == 1 && (text.hasPrefix("*") || text.hasSuffix("*")))
      guard edgeOnly else {
        throw Problem(message: "\"\(text)\" may use \"*\" only alone, as a prefix or as a suffix")
      }
    }
    return StringMatch(istioPattern: text)
  }

  /// A CIDR (`10.0.0.0/8`, `fd00::/64`) or a bare address (one host: /32 or /128).
  static func cidr(_ text: String) throws(Problem) -> CIDR {
    do {
      return try CIDR(text)
    } catch {
      throw Problem(message: "\"\(text)\" is not a CIDR or IP address (\(error.problem))")
    }
  }

  /// A port number 1-65535, written as a string as the API defines it (a number is taken too).
  static func port(_ value: JSONValue) throws(Problem) -> UInt16 {
    switch value {
    case .string(let text):
      guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
        let number = Int(text), let port = UInt16(exactly: number), port > 0
      else { throw Problem(message: "\"\(text)\" is not a port number (1-65535)") }
      return port
    default:
      guard let number = value.intValue, let port = UInt16(exactly: number), port > 0 else {
        throw Problem(message: "\(describe(value)) is not a port number (1-65535)")
      }
      return port
    }
  }

  /// A short rendering of a JSON value for messages.
  static func describe(_ value: JSONValue) -> String {
    let text = value.jsonText
    return text.count > 60 ? String(text.prefix(57)) + "..." : text
  }
}
