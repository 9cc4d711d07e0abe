/// Resource versions are a hash of the content (FNV-1a, 64 bit): equal content gives an equal
/// version on every control plane replica and across restarts, so reconnecting agents are not
/// sent what they already hold.
enum ContentHash {
  static func of(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return hash
  }

  /// The wire form: 16 lowercase hex digits.
  static func text(_ hash: UInt64) -> String {
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Reads a version a client sent back; anything unreadable never equals a real version.
  static func parse(_ text: String) -> UInt64? {
    text.utf8.count == 16 ? UInt64(text, radix: 16) : nil
  }
}
