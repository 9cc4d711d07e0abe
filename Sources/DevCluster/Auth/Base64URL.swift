import Foundation

/// Unpadded base64url (RFC 4648 §5), the alphabet of JWT segments, JWK coordinates and the
/// admin token: safe in URLs, headers and YAML without quoting.
enum Base64URL {
  static func encode(_ bytes: some Sequence<UInt8>) -> String {
    var text = Data(bytes).base64EncodedString()
    while text.hasSuffix("=") { text.removeLast() }
    return String(
      text.map { character -> Character in
        switch character {
        case "+": "-"
        case "/": "_"
        default: character
        }
      })
  }

  /// The bytes of an unpadded base64url string, or `nil` when it contains anything outside the
  /// alphabet (padding, `+`, `/`, whitespace), has an impossible length or is not the canonical
  /// encoding (stray bits in the last character). Strict on purpose: a token that differs in any
  /// character must not verify as the same token.
  static func decode(_ text: some StringProtocol) -> [UInt8]? {
    var standard = ""
    standard.reserveCapacity(text.utf8.count + 3)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"):
        standard.unicodeScalars.append(Unicode.Scalar(byte))
      case UInt8(ascii: "-"): standard.append("+")
      case UInt8(ascii: "_"): standard.append("/")
      default: return nil
      }
    }
    switch standard.utf8.count % 4 {
    case 1: return nil
    case 2: standard.append("==")
    case 3: standard.append("=")
    default: break
    }
    guard let data = Data(base64Encoded: standard) else { return nil }
    let bytes = Array(data)
    guard encode(bytes) == text else { return nil }
    return bytes
  }
}
