import Foundation
import Shared

/// A Gateway (Gateway API). With class `istio-waypoint` it declares a waypoint, which the
/// waypoint controller turns into a Deployment and Service, then reports on in `status`.
public struct Gateway: KubeResource {
  public static let resourceType = ResourceType.gateway
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  public var gatewayClassName: String {
    get { field("spec", "gatewayClassName")?.stringValue ?? "" }
    set { setField(.string(newValue), "spec", "gatewayClassName") }
  }

  /// Of the waypoint class (`istio-waypoint`).
  public var isWaypoint: Bool { gatewayClassName == MeshLabels.waypointGatewayClass }

  /// The `istio.io/waypoint-for` label: `service` (Istio's default when absent), `workload`, `all`
  /// or `none`.
  public var waypointFor: String? {
    get { labels[MeshLabels.waypointFor] }
    set { labels[MeshLabels.waypointFor] = newValue }
  }

  public var listeners: [GatewayListener] {
    get { (field("spec", "listeners")?.arrayValue ?? []).compactMap { GatewayListener(json: $0) } }
    set { setField(.array(newValue.map(\.json)), "spec", "listeners") }
  }

  /// `spec.addresses`: addresses requested for the Gateway.
  public var addresses: [GatewaySpecAddress] {
    get { (field("spec", "addresses")?.arrayValue ?? []).compactMap { GatewaySpecAddress(json: $0) } }
    set { setField(.list(newValue), "spec", "addresses") }
  }

  /// `status.addresses`: where the Gateway can be reached (a waypoint's Service address).
  public var statusAddresses: [GatewayStatusAddress] {
    get { (field("status", "addresses")?.arrayValue ?? []).compactMap { GatewayStatusAddress(json: $0) } }
    set { setField(.list(newValue), "status", "addresses") }
  }

  /// `status.listeners` as written (per-listener `attachedRoutes`, `supportedKinds`, conditions).
  public var statusListeners: [JSONValue] {
    get { field("status", "listeners")?.arrayValue ?? [] }
    set { setField(newValue.isEmpty ? nil : .array(newValue), "status", "listeners") }
  }

  /// `status.conditions` (`Accepted`, `Programmed`).
  public var conditions: [Condition] {
    get { conditions(at: "status", "conditions") }
    set { setConditions(newValue, at: "status", "conditions") }
  }

  /// Adds or replaces the condition of the same type (see `Condition.upsert`).
  public mutating func setCondition(_ condition: Condition, now: Date = Date()) {
    conditions = Condition.upsert(condition, into: conditions, now: now)
  }

  /// Condition `Programmed` is `True`: the data plane for the Gateway is running.
  public var isProgrammed: Bool { conditions.isTrue("Programmed") }
}
