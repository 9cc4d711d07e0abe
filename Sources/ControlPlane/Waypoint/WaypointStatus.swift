import Foundation
import Kube
import Shared

/// The status the waypoint controller wants on a Gateway of class `istio-waypoint`, computed from
/// the Gateway and the waypoint Service (and Deployment) as last observed.
///
/// `status.addresses` is what turns a Gateway into a usable waypoint (ztunnel sends HBONE to that
/// address), so it is set only once the Service has a ClusterIP, and cleared when the Gateway is
/// not accepted.
///
/// Listeners are accepted as written, as Istio does: a waypoint serves HBONE on 15008 whatever the
/// Gateway lists, and ignores every other listener (they are neither rejected nor programmed).
public struct WaypointStatus: Sendable, Hashable {
  /// `status.addresses` wanted; empty means "remove".
  public var addresses: [GatewayStatusAddress]
  /// The `Accepted` and `Programmed` conditions wanted (before merging into the existing list).
  public var conditions: [Condition]
  /// Whether the Gateway is valid, so that its ServiceAccount, Deployment and Service should exist.
  public var accepted: Bool

  /// The values `istio.io/waypoint-for` may take; absent means `service`.
  public static let waypointForValues = ["service", "workload", "all", "none"]
  public static let defaultWaypointFor = "service"

  public init(gateway: Gateway, service: KubeService?, deployment: Deployment?) {
    let generation = gateway.object.generation
    if let problem = Self.problem(in: gateway) {
      accepted = false
      addresses = []
      conditions = [
        Condition(
          type: "Accepted", isTrue: false, reason: "InvalidParameters", message: problem,
          observedGeneration: generation),
        Condition(
          type: "Programmed", isTrue: false, reason: "Invalid",
          message: "not programmed because the Gateway is not accepted: \(problem)", observedGeneration: generation),
      ]
      return
    }
    accepted = true
    let waypointFor = gateway.waypointFor ?? Self.defaultWaypointFor
    let acceptedCondition = Condition(
      type: "Accepted", isTrue: true, reason: "Accepted",
      message: "accepted as a waypoint for \(waypointFor) traffic", observedGeneration: generation)
    let serviceKey = "\(gateway.namespace)/\(gateway.name)"
    let ips = service.map { Self.assignedIPs($0) } ?? []
    let programmed: Condition
    if service == nil {
      addresses = []
      programmed = Condition(
        type: "Programmed", isTrue: false, reason: "Pending",
        message: "waiting for the waypoint Service \(serviceKey) to be created", observedGeneration: generation)
    } else if ips.isEmpty {
      addresses = []
      programmed = Condition(
        type: "Programmed", isTrue: false, reason: "Pending",
        message: "waiting for a ClusterIP to be assigned to the waypoint Service \(serviceKey)",
        observedGeneration: generation)
    } else if deployment == nil {
      addresses = ips.map { GatewayStatusAddress(type: "IPAddress", value: $0) }
      programmed = Condition(
        type: "Programmed", isTrue: false, reason: "Pending",
        message: "waiting for the waypoint Deployment \(serviceKey) to be created", observedGeneration: generation)
    } else {
      addresses = ips.map { GatewayStatusAddress(type: "IPAddress", value: $0) }
      programmed = Condition(
        type: "Programmed", isTrue: true, reason: "Programmed",
        message: "waypoint Service \(serviceKey) has address \(ips.joined(separator: ", ")) (HBONE port "
          + "\(MeshPorts.hbone))", observedGeneration: generation)
    }
    conditions = [acceptedCondition, programmed]
  }

  /// What is wrong with the Gateway as a waypoint, as a message naming the value and the object;
  /// `nil` when it is valid.
  public static func problem(in gateway: Gateway) -> String? {
    guard let value = gateway.waypointFor, !waypointForValues.contains(value) else { return nil }
    return "label \(MeshLabels.waypointFor)=\"\(value)\" on Gateway \(gateway.namespace)/\(gateway.name) is not "
      + "one of \(waypointForValues.joined(separator: ", ")); fix the label to deploy the waypoint"
  }

  /// The Service's virtual IPs, none for a headless Service or before allocation.
  static func assignedIPs(_ service: KubeService) -> [String] {
    service.clusterIPs.filter { !$0.isEmpty && $0 != "None" }
  }

  /// `gateway` with this status merged in: conditions of other types are kept, and
  /// `lastTransitionTime` is kept for a condition whose status did not change.
  public func applied(to gateway: Gateway, now: Date) -> Gateway {
    var result = gateway
    result.statusAddresses = addresses
    for condition in conditions { result.setCondition(condition, now: now) }
    return result
  }

  /// The merge patch for the Gateway's `/status`, or `nil` when the status already is the wanted
  /// one (so an unchanged Gateway is never written and its resourceVersion stays put).
  ///
  /// The patch carries the Gateway's resourceVersion: the condition list is replaced as a whole,
  /// so a write based on a stale read must fail with a conflict rather than drop another writer's
  /// condition.
  public func statusPatch(for gateway: Gateway, now: Date) -> JSONValue? {
    let updated = applied(to: gateway, now: now)
    guard updated.statusAddresses != gateway.statusAddresses || updated.conditions != gateway.conditions else {
      return nil
    }
    var status: [String: JSONValue] = [:]
    status["addresses"] = addresses.isEmpty ? .null : .array(addresses.map(\.json))
    status["conditions"] = .array(updated.conditions.map(\.json))
    var patch: JSONValue = ["status": .object(status)]
    if !gateway.resourceVersion.isEmpty {
      patch["metadata"] = ["resourceVersion": .string(gateway.resourceVersion)]
    }
    return patch
  }
}
