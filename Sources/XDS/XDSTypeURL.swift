/// Type URLs of the resources the mesh serves over Delta ADS (wire-facts §1).
public enum XDSTypeURL {
  public static let address = "type.googleapis.com/istio.workload.Address"
  public static let authorization = "type.googleapis.com/istio.security.Authorization"
  /// The mesh's own waypoint (L7) configuration, one resource per Service with a waypoint.
  public static let waypointService = "type.googleapis.com/mesh.waypoint.v1.WaypointService"
}
