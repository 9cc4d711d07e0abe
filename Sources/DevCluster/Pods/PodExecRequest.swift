/// One `kubectl exec`.
public struct PodExecRequest: Sendable, Equatable {
  public var namespace: String
  public var pod: String
  /// nil: the pod's first container, as Kubernetes defaults it.
  public var container: String?
  public var command: [String]
  public var stdin: Bool
  public var tty: Bool

  public init(namespace: String, pod: String, container: String?, command: [String], stdin: Bool, tty: Bool) {
    self.namespace = namespace
    self.pod = pod
    self.container = container
    self.command = command
    self.stdin = stdin
    self.tty = tty
  }
}
