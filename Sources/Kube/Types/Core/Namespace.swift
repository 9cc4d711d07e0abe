import Shared

/// A Namespace: where ambient enrollment (`istio.io/dataplane-mode`) and the namespace-wide
/// waypoint (`istio.io/use-waypoint`) are declared.
public struct Namespace: KubeResource {
  public static let resourceType = ResourceType.namespace
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// `Active` or `Terminating`.
  public var phase: String? {
    get { field("status", "phase")?.stringValue }
    set { setField(.text(newValue), "status", "phase") }
  }

  /// The `istio.io/dataplane-mode` label (`ambient` or `none`); setting `nil` removes it.
  public var dataplaneMode: String? {
    get { labels[MeshLabels.dataplaneMode] }
    set { labels[MeshLabels.dataplaneMode] = newValue }
  }

  /// Whether the namespace is enrolled: `istio.io/dataplane-mode=ambient`.
  public var isAmbient: Bool { dataplaneMode == MeshLabels.dataplaneModeAmbient }

  /// The `istio.io/use-waypoint` label: the waypoint Gateway for the namespace, or `none`.
  public var useWaypoint: String? {
    get { labels[MeshLabels.useWaypoint] }
    set { labels[MeshLabels.useWaypoint] = newValue }
  }

  /// The `istio.io/use-waypoint-namespace` label: where `useWaypoint` lives when elsewhere.
  public var useWaypointNamespace: String? {
    get { labels[MeshLabels.useWaypointNamespace] }
    set { labels[MeshLabels.useWaypointNamespace] = newValue }
  }
}
