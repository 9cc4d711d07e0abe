/// The decoded query string of a request (`?labelSelector=app%3Dx&watch=true`).
struct QueryParameters: Sendable, Equatable {
  private var values: [String: [String]] = [:]

  init() {}

  init(_ query: Substring) {
    for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = Self.decode(parts[0])
      let value = parts.count > 1 ? Self.decode(parts[1]) : ""
      values[name, default: []].append(value)
    }
  }

  /// The first value of `name`.
  subscript(name: String) -> String? { values[name]?.first }

  func all(_ name: String) -> [String] { values[name] ?? [] }

  /// `true`, `1` (and Go's other truthy spellings) as `strconv.ParseBool` reads them.
  func flag(_ name: String) -> Bool {
    guard let value = self[name] else { return false }
    return ["1", "t", "T", "true", "TRUE", "True"].contains(value)
  }

  /// Percent-decoding, with `+` as space in query strings (form encoding, which Go's client uses).
  static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = Array(text.utf8)[...]
    while let byte = iterator.popFirst() {
      switch byte {
      case UInt8(ascii: "+") where plusIsSpace: bytes.append(UInt8(ascii: " "))
      case UInt8(ascii: "%"):
        if iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
          let low = hexValue(iterator[iterator.startIndex + 1])
        {
          bytes.append(high << 4 | low)
          iterator = iterator.dropFirst(2)
        } else {
          bytes.append(byte)
        }
      default: bytes.append(byte)
      }
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
