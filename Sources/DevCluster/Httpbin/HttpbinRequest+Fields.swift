/// The request members httpbin reports, computed the way httpbin (Flask/werkzeug) computes them.
extension HttpbinRequest {
  /// Headers httpbin hides unless `?show_env=1`: the ones its hosting platform added
  /// (httpbin's `ENV_HEADERS`).
  static let environmentHeaders: Set<String> = [
    "X-Varnish", "X-Request-Start", "X-Heroku-Queue-Depth", "X-Real-Ip", "X-Forwarded-Proto",
    "X-Forwarded-Protocol", "X-Forwarded-Ssl", "X-Heroku-Queue-Wait-Time", "X-Forwarded-For",
    "X-Heroku-Dynos-In-Use", "X-Forwarded-Port", "X-Request-Id", "Via", "Total-Route-Time", "Connect-Time",
  ]

  /// `{"Name": "value"}` with werkzeug's spelling of names (Python `str.title()` of the
  /// lower-cased name: `x-b3-traceid` → `X-B3-Traceid`); repeated fields joined with `,` as the
  /// WSGI server joins them.
  public var headerFields: [String: HttpbinJSON] {
    let showEnvironment = arguments["show_env"] != nil
    var joined: [String: String] = [:]
    for (name, value) in headers {
      let canonical = Self.titleCase(name)
      if !showEnvironment, Self.environmentHeaders.contains(canonical) { continue }
      joined[canonical] = joined[canonical].map { $0 + "," + value } ?? value
    }
    return joined.mapValues(HttpbinJSON.string)
  }

  /// Query arguments: one value as a string, several as a list (werkzeug's MultiDict as
  /// httpbin flattens it).
  public var arguments: [String: HttpbinJSON] {
    var values: [String: [String]] = [:]
    for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = Self.formDecode(String(parts[0]))
      let value = parts.count > 1 ? Self.formDecode(String(parts[1])) : ""
      values[key, default: []].append(value)
    }
    return values.mapValues { $0.count == 1 ? .string($0[0]) : .array($0.map(HttpbinJSON.string)) }
  }

  /// `X-Forwarded-For` when present, else the peer address: httpbin's `origin`.
  public var origin: String { header("X-Forwarded-For") ?? peerAddress }

  /// `http://<Host><target>`, as Flask's `request.url` (scheme from `X-Forwarded-Proto`).
  public var url: String {
    let scheme = header("X-Forwarded-Proto") ?? "http"
    return "\(scheme)://\(header("Host") ?? peerAddress)\(target)"
  }

  /// Python's `str.title()` over the lower-cased name: a letter is upper-cased when the
  /// character before it is not a letter.
  static func titleCase(_ name: String) -> String {
    var result = ""
    var previousIsLetter = false
    for character in name.lowercased() {
      result += previousIsLetter ? String(character) : character.uppercased()
      previousIsLetter = character.isLetter
    }
    return result
  }

  /// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte; malformed
  /// escapes are kept as written.
  static func formDecode(_ text: String) -> String {
    var bytes: [UInt8] = []
    let source = Array(text.utf8)
    var index = 0
    while index < source.count {
      let byte = source[index]
      if byte == UInt8(ascii: "+") {
        bytes.append(UInt8(ascii: " "))
      } else if byte == UInt8(ascii: "%"), index + 2 < source.count,
        let high = hexValue(source[index + 1]), let low = hexValue(source[index + 2])
      {
        bytes.append(high << 4 | low)
        index += 2
      } else {
        bytes.append(byte)
      }
      index += 1
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
