/// What `iptables-save -t nat` shows of the service proxy's rules: which of its chains exist
/// (stale ones are deleted on the next write) and whether the built-in chains already jump to
/// it (so the jumps are added once, never duplicated by `--noflush` writes).
public struct NatTableState: Sendable, Hashable {
  /// Existing chains whose names start with `MDC-`.
  public var ownChains: Set<String>
  /// Built-in chains (`PREROUTING`, `OUTPUT`, `POSTROUTING`) → the `MDC-` chains they jump to.
  public var jumps: [String: Set<String>]

  public init(ownChains: Set<String> = [], jumps: [String: Set<String>] = [:]) {
    self.ownChains = ownChains
    self.jumps = jumps
  }

  /// Reads `iptables-save` output; only the `*nat` table is considered.
  public init(iptablesSave text: String) {
    self.init()
    var inNat = false
    for line in text.split(separator: "\n") {
      if line.hasPrefix("*") {
        inNat = line == "*nat"
        continue
      }
      guard inNat else { continue }
      if line.hasPrefix(":") {
        let name = String(line.dropFirst().prefix { $0 != " " })
        if name.hasPrefix(ServiceProxyChains.prefix) { ownChains.insert(name) }
      } else if line.hasPrefix("-A ") {
        let words = line.split(separator: " ").map(String.init)
        guard words.count > 1, let jump = words.firstIndex(of: "-j"), jump + 1 < words.count else { continue }
        let target = words[jump + 1]
        if target.hasPrefix(ServiceProxyChains.prefix), !words[1].hasPrefix(ServiceProxyChains.prefix) {
          jumps[words[1], default: []].insert(target)
        }
      }
    }
  }

  func jumps(from chain: String, to target: String) -> Bool { jumps[chain]?.contains(target) == true }
}
