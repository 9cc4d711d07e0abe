/// ASCII case folding without allocating: HTTP header names, methods and hosts compare
/// case-insensitively (RFC 9110 §5.1, §9.1, §4.2.3) and this runs several times per request.
enum ASCIICase {
  static func equal(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
    var left = lhs.utf8.makeIterator()
    var right = rhs.utf8.makeIterator()
    while true {
      switch (left.next(), right.next()) {
      case (nil, nil): return true
      case (let a?, let b?):
        if a != b, fold(a) != fold(b) { return false }
      default: return false
      }
    }
  }

  static func hasPrefix(_ text: some StringProtocol, _ prefix: some StringProtocol) -> Bool {
    var left = text.utf8.makeIterator()
    for b in prefix.utf8 {
      guard let a = left.next(), a == b || fold(a) == fold(b) else { return false }
    }
    return true
  }

  static func lowercased(_ text: some StringProtocol) -> String {
    if !text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(text) }
    return String(decoding: text.utf8.map(fold), as: UTF8.self)
  }

  @inline(__always)
  static func fold(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
