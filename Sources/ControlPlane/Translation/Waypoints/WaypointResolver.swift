import Kube
import Shared

/// Turns `istio.io/use-waypoint` choices into the `GatewayAddress` ztunnel sends HBONE to.
///
/// A Gateway is a usable waypoint once it is of class `istio-waypoint` and has an IP in
/// `status.addresses` (the waypoint controller writes it once the waypoint's Service exists).
/// Its `istio.io/waypoint-for` says whether Services, Workloads or both use it.
struct WaypointResolver: Sendable {
  /// Which traffic a waypoint is for: the `istio.io/waypoint-for` values.
  enum Target: String, Sendable {
    case service
    case workload
  }

  static let waypointForValues = ["service", "workload", "all", "none"]

  /// A Gateway that can be used as a waypoint.
  private struct Ready: Sendable {
    var address: GatewayAddress
    var targets: Set<Target>
  }

  private let gateways: [String: Gateway]
  private let config: MeshConfig

  init(gateways: [Gateway], config: MeshConfig) {
    var byKey: [String: Gateway] = [:]
    for gateway in gateways { byKey["\(gateway.namespace)/\(gateway.name)"] = gateway }
    self.gateways = byKey
    self.config = config
  }

  /// The waypoint `choice` gives `target`, or `nil` (no choice, opted out, not usable, or a
  /// waypoint for the other kind of traffic).
  func address(for choice: WaypointChoice, target: Target) -> GatewayAddress? {
    guard case .gateway(let namespace, let name) = choice, case .success(let ready) = lookup(namespace, name),
      ready.targets.contains(target)
    else { return nil }
    return ready.address
  }

  /// Why `choice` names no usable waypoint, for a diagnostic on the labelled object; `nil` when
  /// it is fine or names none.
  func problem(with choice: WaypointChoice) -> String? {
    guard case .gateway(let namespace, let name) = choice, case .failure(let problem) = lookup(namespace, name)
    else { return nil }
    return problem.message
  }

  /// A diagnostic for a waypoint Gateway whose `istio.io/waypoint-for` is not a known value.
  static func gatewayDiagnostic(_ gateway: Gateway) -> ObjectDiagnostic? {
    guard gateway.isWaypoint, let value = gateway.waypointFor, !waypointForValues.contains(value) else { return nil }
    return ObjectDiagnostic(
      kind: "Gateway", namespace: gateway.namespace, name: gateway.name, accepted: false,
      reason: ObjectDiagnostic.Reason.invalidValue,
      message:
        "metadata.labels[\(MeshLabels.waypointFor)]: \"\(value)\" is not one of "
        + "\(waypointForValues.map { "\"\($0)\"" }.joined(separator: ", ")); nothing uses this waypoint")
  }

  private struct Problem: Error {
    var message: String
  }

  private func lookup(_ namespace: String, _ name: String) -> Result<Ready, Problem> {
    let label = "metadata.labels[\(MeshLabels.useWaypoint)]: \"\(name)\""
    guard let gateway = gateways["\(namespace)/\(name)"] else {
      return .failure(Problem(message: "\(label): there is no Gateway \(namespace)/\(name); no waypoint is used"))
    }
    guard gateway.isWaypoint else {
      return .failure(
        Problem(
          message:
            "\(label): Gateway \(namespace)/\(name) is of class \"\(gateway.gatewayClassName)\", not "
            + "\"\(MeshLabels.waypointGatewayClass)\"; no waypoint is used"))
    }
    let ip = gateway.statusAddresses.lazy.filter { $0.type == "IPAddress" }.compactMap { try? IPAddress($0.value) }
      .first
    guard let ip else {
      return .failure(
        Problem(
          message:
            "\(label): Gateway \(namespace)/\(name) has no IP address in status.addresses yet (not programmed); "
            + "no waypoint is used until it has one"))
    }
    let targets: Set<Target>
    switch gateway.waypointFor ?? "service" {
    case "service": targets = [.service]
    case "workload": targets = [.workload]
    case "all": targets = [.service, .workload]
    default: targets = []
    }
    let address = GatewayAddress(
      destination: .address(NetworkAddress(network: config.network, address: ip)), hboneMTLSPort: MeshPorts.hbone)
    return .success(Ready(address: address, targets: targets))
  }
}
