import Shared

/// How the waypoint controller deploys waypoints and signs its writes.
///
/// A value so that tests and the command line can pick another image (a locally built one, a
/// registry mirror) without touching the controller.
public struct WaypointSettings: Sendable, Hashable {
  /// The waypoint proxy image.
  public var image: String
  /// `IfNotPresent` by default: locally loaded images (kind, a dev cluster) must not be pulled.
  public var imagePullPolicy: String
  /// The server-side apply field manager of every object the controller writes.
  public var fieldManager: String
  /// The `spec.controllerName` of the `istio-waypoint` GatewayClass.
  public var controllerName: String
  /// Extra plain environment variables for the waypoint container (the control plane's address,
  /// a log level), added after the downward-API ones in name order so the pod spec is stable.
  public var environment: [String: String]

  public static let defaultImage = "ghcr.io/ambient-mesh/waypoint:\(MeshVersion.current)"
  public static let defaultFieldManager = "mesh-controller"

  public init(
    image: String = WaypointSettings.defaultImage, imagePullPolicy: String = "IfNotPresent",
    fieldManager: String = WaypointSettings.defaultFieldManager,
    controllerName: String = MeshLabels.waypointController, environment: [String: String] = [:]
  ) {
    self.image = image
    self.imagePullPolicy = imagePullPolicy
    self.fieldManager = fieldManager
    self.controllerName = controllerName
    self.environment = environment
  }
}
