import Shared

/// One AuthorizationPolicy rule read for ztunnel: its L4 clauses, plus what could not be
/// enforced at L4 (the L7 fields it left out) and what was malformed. The policy's action
/// decides what a rule with either becomes (see `PolicyConverter`).
struct RuleTranslation: Sendable {
  /// The L4 conditions, AND-ed; L7 fields and malformed entries are not in them.
  var clauses: [AuthorizationClause] = []
  /// Field paths of L7 attributes, e.g. `spec.rules[0].to[0].operation.paths`.
  var l7Fields: [String] = []
  /// `path: problem` for every malformed value.
  var problems: [String] = []
}
