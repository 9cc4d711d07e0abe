/// One rule of a policy: all clauses must hold (AND). A rule with no clauses matches everything,
/// which is how Istio encodes `rules: [{}]`.
public struct AuthorizationRule: Hashable, Sendable {
  public var clauses: [AuthorizationClause]

  public init(clauses: [AuthorizationClause]) {
    self.clauses = clauses
  }

  public func matches(_ connection: ConnectionAttributes) -> Bool {
    clauses.allSatisfy { $0.matches(connection) }
  }
}
