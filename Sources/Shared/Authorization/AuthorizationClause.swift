/// One clause: any of its matches suffices (OR). A clause with no matches matches nothing,
/// so that an emptied-out condition can never widen access.
public struct AuthorizationClause: Hashable, Sendable {
  public var matches: [AuthorizationMatch]

  public init(matches: [AuthorizationMatch]) {
    self.matches = matches
  }

  public func matches(_ connection: ConnectionAttributes) -> Bool {
    matches.contains { $0.matches(connection) }
  }
}
