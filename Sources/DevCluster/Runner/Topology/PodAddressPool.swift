/// Hands out pod addresses in one node's /24: `.2` to `.254` (`.1` is the gateway), in turn,
/// so a deleted pod's address is reused only after the rest of the range was handed out.
struct PodAddressPool: Sendable, Equatable {
  let prefix: String
  private(set) var used: Set<Int> = []
  private var next = 2

  init(prefix: String) { self.prefix = prefix }

  /// The next free address, or nil when all 253 are taken.
  mutating func allocate() -> String? {
    for offset in 0..<253 {
      let host = 2 + (next - 2 + offset) % 253
      if !used.contains(host) {
        used.insert(host)
        next = host == 254 ? 2 : host + 1
        return "\(prefix).\(host)"
      }
    }
    return nil
  }

  mutating func release(_ address: String) {
    guard address.hasPrefix(prefix + "."), let host = Int(address.dropFirst(prefix.count + 1)) else { return }
    used.remove(host)
  }

  var count: Int { used.count }
}
