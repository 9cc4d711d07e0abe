import Foundation

/// What of the capture rules is present in a namespace, read from `iptables-save` output.
///
/// Install and remove are rendered against this, which makes both idempotent inside one
/// `iptables-restore` transaction: `iptables-restore -D` of a rule that is absent, or `-X` of a
/// chain that is absent, aborts the whole transaction, and a second `-A` of a hook would make the
/// pod's packets traverse our chain twice.
public struct CaptureRuleState: Hashable, Sendable {
  /// Our chains that exist, per table.
  public var chains: [String: Set<String>] = [:]
  /// Rules in other chains whose target is one of our chains, per table, as printed after `-A `
  /// (e.g. `PREROUTING -j ISTIO_PRERT`), once per occurrence.
  public var references: [String: [String]] = [:]

  public init() {}

  /// Parses `iptables-save` (or `ip6tables-save`) output. Lines of other tables, comments and
  /// counters are ignored; only chains in `owned` and rules that jump into them are kept.
  public init(iptablesSave text: String, owned: Set<String> = CaptureRules.ownedChains) {
    var table: String?
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("*") {
        table = String(line.dropFirst())
        continue
      }
      guard let table else { continue }
      if line.hasPrefix(":") {
        let name = line.dropFirst().split(separator: " ").first.map(String.init) ?? ""
        if owned.contains(name) { chains[table, default: []].insert(name) }
      } else if line.hasPrefix("-A ") {
        let tokens = line.split(separator: " ").map(String.init)
        guard tokens.count >= 2, !owned.contains(tokens[1]) else { continue }
        if let jump = tokens.firstIndex(where: { $0 == "-j" || $0 == "-g" }), jump + 1 < tokens.count,
          owned.contains(tokens[jump + 1])
        {
          references[table, default: []].append(String(line.dropFirst(3)))
        }
      }
    }
  }

  /// Nothing of ours is present.
  public var isEmpty: Bool {
    chains.values.allSatisfy(\.isEmpty) && references.values.allSatisfy(\.isEmpty)
  }

  /// Whether `table` already has the plain jump `builtin -j chain`.
  func hasHook(table: String, builtin: String, chain: String) -> Bool {
    references[table, default: []].contains("\(builtin) -j \(chain)")
  }
}
