/// What one `RootCertPublisher.publish` pass did.
public struct RootCertPublishSummary: Sendable, Hashable {
  public var created: [String] = []
  public var updated: [String] = []
  public var unchanged: [String] = []
  /// Namespace → why its ConfigMap could not be written (logged too); the next pass retries.
  public var failed: [String: String] = [:]

  public init() {}
}
