/// Resource versions are a hash of the content (FNV-1a, kept to 60 bits): equal content gives an
/// equal version on every control plane replica and across restarts, so reconnecting agents are
/// not sent what they already hold.
///
/// 60 bits print as 15 hex digits, which fit Swift's inline small-string storage: an agent holding
/// 100,000 versions then allocates nothing for them.
enum ContentHash {
  static let digits = 15

  static func of(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return hash & (1 << 60 - 1)
  }

  /// The wire form: 15 lowercase hex digits.
  static func text(_ hash: UInt64) -> String {
    let text = String(hash, radix: 16)
    return String(repeating: "0", count: digits - text.count) + text
  }

  /// Reads a version a client sent back; anything unreadable never equals a real version.
  static func parse(_ text: String) -> UInt64? {
    text.utf8.count == digits ? UInt64(text, radix: 16) : nil
  }
}
