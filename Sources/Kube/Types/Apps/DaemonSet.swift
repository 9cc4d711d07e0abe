/// A DaemonSet: one pod per node, which is how ztunnel runs.
public struct DaemonSet: PodTemplateResource {
  public static let resourceType = ResourceType.daemonSet
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// Nodes that should run the pod.
  public var desiredNumberScheduled: Int {
    get { statusCount("desiredNumberScheduled") }
    set { setStatusCount(newValue, "desiredNumberScheduled") }
  }

  public var currentNumberScheduled: Int {
    get { statusCount("currentNumberScheduled") }
    set { setStatusCount(newValue, "currentNumberScheduled") }
  }

  public var numberReady: Int {
    get { statusCount("numberReady") }
    set { setStatusCount(newValue, "numberReady") }
  }

  public var numberAvailable: Int {
    get { statusCount("numberAvailable") }
    set { setStatusCount(newValue, "numberAvailable") }
  }

  public var updatedNumberScheduled: Int {
    get { statusCount("updatedNumberScheduled") }
    set { setStatusCount(newValue, "updatedNumberScheduled") }
  }

  /// Rolled out: the controller saw the current generation and the pod is updated and ready on
  /// every node that should run it ("one ztunnel per node ready").
  public var isRolledOut: Bool {
    (observedGeneration ?? 0) >= object.generation && updatedNumberScheduled >= desiredNumberScheduled
      && numberReady >= desiredNumberScheduled
  }
}
