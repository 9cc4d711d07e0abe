/// An IPv4 or IPv6 address, stored by value (no allocation) because the data plane
/// compares them per connection.
public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
  case v4(UInt32)
  /// High and low 64 bits, network order.
  case v6(UInt64, UInt64)

  /// Parses dotted IPv4 (`10.0.0.1`) or RFC 4291 IPv6 text (`fd00::1`, `::ffff:10.0.0.1`).
  public init(_ text: String) throws(AddressParseError) {
    if text.contains(":") {
      self = try Self.parseV6(text)
    } else {
      self = .v4(try Self.parseV4(text, whole: text))
    }
  }

  /// Decodes the raw 4- or 16-byte form used on the wire (`istio.workload.Workload.addresses`).
  public init<Bytes: Collection>(bytes: Bytes) throws(AddressParseError) where Bytes.Element == UInt8 {
    switch bytes.count {
    case 4:
      self = .v4(bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    case 16:
      var hi: UInt64 = 0
      var lo: UInt64 = 0
      for (i, b) in bytes.enumerated() {
        if i < 8 { hi = hi << 8 | UInt64(b) } else { lo = lo << 8 | UInt64(b) }
      }
      self = .v6(hi, lo)
    default:
      throw AddressParseError(input: "\(bytes.count) bytes", problem: "an IP address is 4 or 16 bytes")
    }
  }

  public var bytes: [UInt8] {
    switch self {
    case .v4(let v): return (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) }
    case .v6(let hi, let lo):
      return (0..<8).map { UInt8(truncatingIfNeeded: hi >> (56 - 8 * $0)) }
        + (0..<8).map { UInt8(truncatingIfNeeded: lo >> (56 - 8 * $0)) }
    }
  }

  public var isIPv4: Bool { if case .v4 = self { true } else { false } }

  /// Address width in bits: the largest valid prefix length.
  public var bitWidth: Int { isIPv4 ? 32 : 128 }

  public var description: String {
    switch self {
    case .v4(let v):
      return "\(v >> 24).\(v >> 16 & 0xff).\(v >> 8 & 0xff).\(v & 0xff)"
    case .v6(let hi, let lo):
      return Self.formatV6(hi: hi, lo: lo)
    }
  }

  public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
    switch (lhs, rhs) {
    case (.v4(let a), .v4(let b)): return a < b
    case (.v4, .v6): return true
    case (.v6, .v4): return false
    case (.v6(let ah, let al), .v6(let bh, let bl)): return (ah, al) < (bh, bl)
    }
  }

  private static func parseV4(_ text: Substring, whole: String) throws(AddressParseError) -> UInt32 {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else {
      throw AddressParseError(input: whole, problem: "IPv4 needs four dot-separated numbers")
    }
    var value: UInt32 = 0
    for part in parts {
      // No leading zeros: "010" is octal in some parsers and decimal in others.
      guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit),
        part == "0" || part.first != "0", let octet = UInt32(part), octet <= 255
      else {
        throw AddressParseError(input: whole, problem: "\"\(part)\" is not a number from 0 to 255")
      }
      value = value << 8 | octet
    }
    return value
  }

  private static func parseV4(_ text: String, whole: String) throws(AddressParseError) -> UInt32 {
    try parseV4(Substring(text), whole: whole)
  }

  private static func parseV6(_ text: String) throws(AddressParseError) -> IPAddress {
    var groups: [UInt16] = []
    var gapIndex: Int? = nil
    var rest = Substring(text)
    if rest.hasPrefix("::") {
      gapIndex = 0
      rest = rest.dropFirst(2)
    }
    while !rest.isEmpty {
      let end = rest.firstIndex(of: ":") ?? rest.endIndex
      let group = rest[..<end]
      if group.contains(".") {
        // Embedded IPv4 must be the last 32 bits.
        guard end == rest.endIndex else {
          throw AddressParseError(input: text, problem: "embedded IPv4 must come last")
        }
        let v4 = try parseV4(group, whole: text)
        groups.append(UInt16(v4 >> 16))
        groups.append(UInt16(v4 & 0xffff))
        rest = rest[end...]
        break
      }
      guard !group.isEmpty, group.count <= 4, let g = UInt16(group, radix: 16) else {
        throw AddressParseError(input: text, problem: "\"\(group)\" is not a 1-4 digit hex group")
      }
      groups.append(g)
      rest = rest[end...]
      if rest.hasPrefix("::") {
        guard gapIndex == nil else { throw AddressParseError(input: text, problem: "\"::\" appears twice") }
        gapIndex = groups.count
        rest = rest.dropFirst(2)
      } else if rest.hasPrefix(":") {
        rest = rest.dropFirst()
        guard !rest.isEmpty else { throw AddressParseError(input: text, problem: "ends with a single ':'") }
      }
    }
    if let gap = gapIndex {
      guard groups.count < 8 else { throw AddressParseError(input: text, problem: "too many groups for \"::\"") }
      groups.insert(contentsOf: repeatElement(0, count: 8 - groups.count), at: gap)
    }
    guard groups.count == 8 else {
      throw AddressParseError(input: text, problem: "IPv6 needs eight groups (or \"::\")")
    }
    let hi = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
    let lo = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
    return .v6(hi, lo)
  }

  /// RFC 5952: lowercase, leading zeros dropped, the longest run (≥2) of zero groups as "::".
  private static func formatV6(hi: UInt64, lo: UInt64) -> String {
    let groups =
      (0..<4).map { UInt16(truncatingIfNeeded: hi >> (48 - 16 * $0)) }
      + (0..<4).map { UInt16(truncatingIfNeeded: lo >> (48 - 16 * $0)) }
    var best = (start: -1, length: 0)
    var i = 0
    while i < 8 {
      if groups[i] == 0 {
        var j = i
        while j < 8 && groups[j] == 0 { j += 1 }
        if j - i > best.length && j - i >= 2 { best = (i, j - i) }
        i = j
      } else {
        i += 1
      }
    }
    let hex = groups.map { String($0, radix: 16) }
    guard best.start >= 0 else { return hex.joined(separator: ":") }
    let head = hex[0..<best.start].joined(separator: ":")
    let tail = hex[(best.start + best.length)...].joined(separator: ":")
    return head + "::" + tail
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
