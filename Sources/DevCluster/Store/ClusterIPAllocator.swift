/// Hands out Service cluster IPs from 10.96.0.0/16, like kube-apiserver's default service CIDR.
///
/// An address in use is never handed out again until its Service is deleted or changes type;
/// the cursor moves on after each allocation so a freed address is not reused at once (clients
/// may still hold it).
struct ClusterIPAllocator: Sendable {
  static let prefix = "10.96."
  /// Offsets within the /16: .0.0 is the network and .255.255 the broadcast address.
  private static let range: ClosedRange<UInt32> = 1...65534

  private(set) var inUse: Set<UInt32> = []
  private var cursor: UInt32 = 1

  init() {}

  static func offset(of address: String) -> UInt32? {
    guard address.hasPrefix(prefix) else { return nil }
    let parts = address.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, let high = UInt32(parts[0]), let low = UInt32(parts[1]), high < 256, low < 256,
      String(high) == parts[0], String(low) == parts[1]
    else { return nil }
    let offset = high << 8 | low
    return range.contains(offset) ? offset : nil
  }

  static func address(of offset: UInt32) -> String { "\(prefix)\(offset >> 8).\(offset & 0xFF)" }

  func isInRange(_ address: String) -> Bool { Self.offset(of: address) != nil }

  func isInUse(_ address: String) -> Bool { Self.offset(of: address).map(inUse.contains) ?? false }

  /// The next free address, or nil when all 65,534 are taken.
  mutating func allocate() -> String? {
    guard inUse.count < Self.range.count else { return nil }
    var candidate = cursor
    while inUse.contains(candidate) {
      candidate = candidate >= Self.range.upperBound ? Self.range.lowerBound : candidate + 1
    }
    inUse.insert(candidate)
    cursor = candidate >= Self.range.upperBound ? Self.range.lowerBound : candidate + 1
    return Self.address(of: candidate)
  }

  mutating func claim(_ address: String) {
    guard let offset = Self.offset(of: address) else { return }
    inUse.insert(offset)
    if offset >= cursor { cursor = offset >= Self.range.upperBound ? Self.range.lowerBound : offset + 1 }
  }

  mutating func release(_ address: String) {
    guard let offset = Self.offset(of: address) else { return }
    inUse.remove(offset)
  }
}
