/// Resource versions are a hash of the content (FNV-1a, 64 bit): equal content gives an equal
/// version on every control plane replica and across restarts, so reconnecting agents are not
/// sent what they already hold.
enum ContentHash {
  static func hex(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
