/// One `kubectl logs`.
public struct PodLogRequest: Sendable, Equatable {
  public var namespace: String
  public var pod: String
  public var container: String?
  public var follow: Bool
  public var tailLines: Int?

  public init(namespace: String, pod: String, container: String?, follow: Bool = false, tailLines: Int? = nil) {
    self.namespace = namespace
    self.pod = pod
    self.container = container
    self.follow = follow
    self.tailLines = tailLines
  }
}
