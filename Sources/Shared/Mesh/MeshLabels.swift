/// Labels and annotations users and controllers write, spelled exactly as Istio does so that
/// manifests written for Istio ambient work unchanged.
public enum MeshLabels {
  /// On a Namespace or Pod: `ambient` enrolls, `none` opts out (the Pod's value wins).
  public static let dataplaneMode = "istio.io/dataplane-mode"
  public static let dataplaneModeAmbient = "ambient"
  public static let dataplaneModeNone = "none"
  /// On a Namespace, Service or Pod: the waypoint (Gateway name) to use, or `none`.
  public static let useWaypoint = "istio.io/use-waypoint"
  public static let useWaypointNamespace = "istio.io/use-waypoint-namespace"
  /// On a Gateway: `service` (default), `workload`, `all` or `none`.
  public static let waypointFor = "istio.io/waypoint-for"
  /// Set on a pod once its traffic is captured.
  public static let redirectionAnnotation = "ambient.istio.io/redirection"
  public static let redirectionEnabled = "enabled"
  public static let gatewayName = "gateway.networking.k8s.io/gateway-name"
  public static let gatewayManaged = "gateway.istio.io/managed"
  public static let gatewayManagedValue = "istio.io-mesh-controller"
  /// The canonical service name and revision come from these pod labels.
  public static let app = "app"
  public static let version = "version"
  public static let waypointGatewayClass = "istio-waypoint"
  public static let waypointController = "istio.io/mesh-controller"
}
