import Kube
import Shared

/// The Gateway `meshctl waypoint apply` writes, as `istioctl waypoint apply` does: class
/// `istio-waypoint`, one HBONE listener on 15008, and `istio.io/waypoint-for` saying what
/// traffic it takes. Pure, so the object is checked in a table test.
public struct WaypointSpec: Sendable, Hashable {
  /// `istio.io/waypoint-for` values.
  public enum TrafficType: String, Sendable, CaseIterable {
    case service
    case workload
    case all
    case none
  }

  public static let defaultName = "waypoint"

  public var namespace: String
  public var name: String
  public var trafficType: TrafficType

  public init(namespace: String, name: String = WaypointSpec.defaultName, trafficType: TrafficType = .service) {
    self.namespace = namespace
    self.name = name
    self.trafficType = trafficType
  }

  public var gateway: Gateway {
    var gateway = Gateway(namespace: namespace, name: name, labels: [MeshLabels.waypointFor: trafficType.rawValue])
    gateway.object.spec = [
      "gatewayClassName": .string(MeshLabels.waypointGatewayClass),
      "listeners": [["name": "mesh", "port": .int(Int64(MeshPorts.hbone)), "protocol": "HBONE"]],
    ]
    return gateway
  }
}
