/// What the publisher has done, for `/metrics`, tests and benchmarks.
public struct MeshPublisherStats: Sendable, Hashable {
  public var publishes = 0
  public var workloads = 0
  public var services = 0
  public var policies = 0
  /// Translation plus encoding of the last publish.
  public var lastPublishDuration: Duration = .zero
  /// Resources the last publish changed in the xDS cache (upserts + removals).
  public var lastChanged = 0
  public var encodingFailures = 0
}
