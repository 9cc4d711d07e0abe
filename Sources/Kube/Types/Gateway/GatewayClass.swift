import Foundation

/// A GatewayClass: names the controller that implements Gateways of the class (`istio-waypoint`
/// is implemented by the mesh's waypoint controller).
public struct GatewayClass: KubeResource {
  public static let resourceType = ResourceType.gatewayClass
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// `spec.controllerName`, e.g. `istio.io/mesh-controller`.
  public var controllerName: String {
    get { field("spec", "controllerName")?.stringValue ?? "" }
    set { setField(.string(newValue), "spec", "controllerName") }
  }

  public var description: String? {
    get { field("spec", "description")?.stringValue }
    set { setField(.text(newValue), "spec", "description") }
  }

  public var conditions: [Condition] {
    get { conditions(at: "status", "conditions") }
    set { setConditions(newValue, at: "status", "conditions") }
  }

  /// Adds or replaces the condition of the same type (see `Condition.upsert`).
  public mutating func setCondition(_ condition: Condition, now: Date = Date()) {
    conditions = Condition.upsert(condition, into: conditions, now: now)
  }
}
