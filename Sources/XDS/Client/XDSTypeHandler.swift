/// Consumes one type's pushes on the agent side.
public protocol XDSTypeHandler: Sendable {
  /// Applies what it can of a push and returns the names it rejected, each with a reason; the
  /// client NACKs with those reasons while everything else counts as applied.
  func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String]
}
