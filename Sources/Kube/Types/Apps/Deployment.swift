/// A Deployment: how users run workloads, and how the waypoint controller runs waypoints.
public struct Deployment: PodTemplateResource {
  public static let resourceType = ResourceType.deployment
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// Desired pods; Kubernetes defaults an absent count to 1.
  public var replicas: Int {
    get { field("spec", "replicas")?.intValue.flatMap { Int(exactly: $0) } ?? 1 }
    set { setField(.int(Int64(newValue)), "spec", "replicas") }
  }

  /// `status.replicas`: pods that exist for the Deployment.
  public var statusReplicas: Int {
    get { statusCount("replicas") }
    set { setStatusCount(newValue, "replicas") }
  }

  public var readyReplicas: Int {
    get { statusCount("readyReplicas") }
    set { setStatusCount(newValue, "readyReplicas") }
  }

  public var availableReplicas: Int {
    get { statusCount("availableReplicas") }
    set { setStatusCount(newValue, "availableReplicas") }
  }

  public var updatedReplicas: Int {
    get { statusCount("updatedReplicas") }
    set { setStatusCount(newValue, "updatedReplicas") }
  }

  /// Rolled out: the controller saw the current generation, every desired pod is updated and
  /// ready, and no pod of an older template is left (what `kubectl rollout status` waits for).
  public var isRolledOut: Bool {
    (observedGeneration ?? 0) >= object.generation && updatedReplicas >= replicas && readyReplicas >= replicas
      && statusReplicas <= updatedReplicas
  }
}
