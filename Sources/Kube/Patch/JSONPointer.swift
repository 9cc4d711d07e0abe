/// An RFC 6901 JSON pointer (`/spec/containers/0/image`), the address JSON patch operations use.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
  /// The unescaped reference tokens; empty for the whole document.
  public var tokens: [String]

  public init(tokens: [String]) { self.tokens = tokens }

  /// Parses the string form: empty for the whole document, otherwise `/`-separated tokens in which `~1`
  /// stands for `/` and `~0` for `~`.
  public init(parsing text: String) throws(PatchError) {
    if text.isEmpty {
      tokens = []
      return
    }
    guard text.hasPrefix("/") else {
      throw PatchError("JSON pointer \"\(text)\" must be empty or start with '/'")
    }
    var parsed: [String] = []
    for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
      parsed.append(try Self.unescape(raw, in: text))
    }
    tokens = parsed
  }

  private static func unescape(_ raw: Substring, in text: String) throws(PatchError) -> String {
    guard raw.contains("~") else { return String(raw) }
    var result = ""
    var iterator = raw.makeIterator()
    while let character = iterator.next() {
      guard character == "~" else {
        result.append(character)
        continue
      }
      switch iterator.next() {
      case "0": result.append("~")
      case "1": result.append("/")
      default:
        throw PatchError("JSON pointer \"\(text)\" has a '~' not followed by '0' or '1'")
      }
    }
    return result
  }

  public var description: String {
    var text = ""
    for token in tokens {
      text += "/"
      for character in token {
        switch character {
        case "~": text += "~0"
        case "/": text += "~1"
        default: text.append(character)
        }
      }
    }
    return text
  }

  /// Whether `self` is a proper prefix of `other` (a value cannot be moved into its own child).
  public func isProperPrefix(of other: JSONPointer) -> Bool {
    tokens.count < other.tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
  }

  /// The value this pointer references in `document`, or nil when there is none.
  public func value(in document: JSONValue) -> JSONValue? {
    var current = document
    for token in tokens {
      switch current {
      case .object(let members):
        guard let next = members[token] else { return nil }
        current = next
      case .array(let elements):
        guard let index = Self.existingIndex(token, count: elements.count) else { return nil }
        current = elements[index]
      default:
        return nil
      }
    }
    return current
  }

  /// An array index token naming an existing element: digits without leading zeros, below `count`.
  static func existingIndex(_ token: String, count: Int) -> Int? {
    guard let index = parseIndex(token), index < count else { return nil }
    return index
  }

  /// RFC 6901 array index syntax: `0` or digits without a leading zero.
  static func parseIndex(_ token: String) -> Int? {
    guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
      return nil
    }
    if token.count > 1 && token.hasPrefix("0") { return nil }
    return Int(token)
  }
}
