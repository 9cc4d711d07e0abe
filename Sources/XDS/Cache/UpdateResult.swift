/// What one `update` did.
public struct UpdateResult: Sendable, Hashable {
  public let changed: Int
  public let failed: [String]
}
