/// `iptables-restore --noflush` input that installs or removes the capture rules.
///
/// In restore input a chain declaration (`:CHAIN - [0:0]`) creates the chain or, if it exists,
/// flushes it — so reinstalling replaces our rules wholesale within one atomic per-table commit,
/// while `--noflush` leaves everything else in the table alone.
extension CaptureRules {
  /// Installs the rules given what is `present`: our chains are (re)declared and filled, and a
  /// hook is added only where it is missing, so installing twice equals installing once.
  public func install(present: CaptureRuleState = CaptureRuleState()) -> String {
    var out: [String] = []
    let all = rules
    for table in Self.tables {
      out.append("*\(table)")
      for chain in [Self.preroutingChain, Self.outputChain] {
        out.append(":\(chain) - [0:0]")
      }
      for hook in Self.hooks where hook.table == table {
        if !present.hasHook(table: table, builtin: hook.builtin, chain: hook.chain) {
          out.append("-A \(hook.builtin) -j \(hook.chain)")
        }
      }
      for rule in all where rule.table == table {
        out.append("-A \(rule.chain) \(rule.rule)")
      }
      out.append("COMMIT")
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Removes what is `present` of ours: every rule that jumps into our chains, then the chains.
  /// Returns nil when nothing is present (there is nothing to run).
  public func remove(present: CaptureRuleState) -> String? {
    guard !present.isEmpty else { return nil }
    var out: [String] = []
    for table in Self.tables {
      let references = present.references[table] ?? []
      let chains = (present.chains[table] ?? []).sorted()
      guard !references.isEmpty || !chains.isEmpty else { continue }
      out.append("*\(table)")
      for reference in references { out.append("-D \(reference)") }
      for chain in chains { out.append(":\(chain) - [0:0]") }
      for chain in chains { out.append("-X \(chain)") }
      out.append("COMMIT")
    }
    return out.joined(separator: "\n") + "\n"
  }
}
