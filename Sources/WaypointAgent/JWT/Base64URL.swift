/// Strict base64url (RFC 4648 §5) decoding for JWS segments: JWS forbids padding and any
/// character outside the alphabet (RFC 7515 §2), and accepting near-misses would let two
/// different strings carry the same signed bytes.
enum Base64URL {
  private static let table: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (index, char) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8.enumerated() {
      table[Int(char)] = UInt8(index)
    }
    return table
  }()

  /// - Parameter allowPadding: for key material only (some JWKS publishers pad); a token
  ///   segment with "=" is malformed.
  static func decode(_ text: some StringProtocol, allowPadding: Bool = false) -> [UInt8]? {
    var utf8 = Array(text.utf8)
    if allowPadding {
      while utf8.last == UInt8(ascii: "=") { utf8.removeLast() }
    }
    guard utf8.count % 4 != 1 else { return nil }
    var output: [UInt8] = []
    output.reserveCapacity(utf8.count * 3 / 4)
    var buffer: UInt32 = 0
    var bits = 0
    for byte in utf8 {
      let value = table[Int(byte)]
      guard value != 0xFF else { return nil }
      buffer = buffer << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
      }
    }
    // Leftover bits must be zero (canonical encoding).
    guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
    return output
  }

  static func encode(_ bytes: some Sequence<UInt8>) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    var output: [UInt8] = []
    var buffer: UInt32 = 0
    var bits = 0
    for byte in bytes {
      buffer = buffer << 8 | UInt32(byte)
      bits += 8
      while bits >= 6 {
        bits -= 6
        output.append(alphabet[Int(buffer >> UInt32(bits) & 0x3F)])
      }
    }
    if bits > 0 { output.append(alphabet[Int(buffer << UInt32(6 - bits) & 0x3F)]) }
    return String(decoding: output, as: UTF8.self)
  }
}
