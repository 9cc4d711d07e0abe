import ControlPlane
import Kube
import Shared

/// `meshctl waypoint list` / `status`: the waypoints and whether each is ready for traffic.
public struct WaypointList: Report {
  public struct Entry: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var trafficType: String
    public var programmed: Bool
    public var address: String?
    /// The Programmed condition's reason and message when it is not True.
    public var detail: String?
    /// What uses it: `namespace ns`, `service ns/name`, `pod ns/name`.
    public var usedBy: [String]
  }

  public var entries: [Entry]

  public init(inventory: MeshInventory, namespace: String?) {
    entries = inventory.waypoints.filter { namespace == nil || $0.namespace == namespace }.map { gateway in
      let condition = gateway.conditions.condition("Programmed")
      return Entry(
        namespace: gateway.namespace, name: gateway.name, trafficType: gateway.waypointFor ?? "service",
        programmed: gateway.isProgrammed, address: gateway.statusAddresses.first?.value,
        detail: gateway.isProgrammed
          ? nil : condition.map { "\($0.reason ?? "")\($0.message.map { ": \($0)" } ?? "")" } ?? "not reconciled yet",
        usedBy: Self.users(of: gateway, in: inventory))
    }
  }

  static func users(of gateway: Gateway, in inventory: MeshInventory) -> [String] {
    func uses(_ labels: [String: String], ownNamespace: String) -> Bool {
      WaypointChoice(labels: labels, ownNamespace: ownNamespace)
        == .gateway(namespace: gateway.namespace, name: gateway.name)
    }
    var users: [String] = []
    for (name, namespace) in inventory.cluster.namespaces.sorted(by: { $0.key < $1.key })
    where uses(namespace.labels, ownNamespace: name) {
      users.append("namespace \(name)")
    }
    for service in inventory.cluster.services where uses(service.labels, ownNamespace: service.namespace) {
      users.append("service \(service.namespace)/\(service.name)")
    }
    for pod in inventory.cluster.pods where uses(pod.labels, ownNamespace: pod.namespace) {
      users.append("pod \(pod.namespace)/\(pod.name)")
    }
    return users
  }

  public var text: String {
    guard !entries.isEmpty else {
      return "No waypoints found; create one with: meshctl waypoint apply -n <namespace>\n"
    }
    var table = TextTable(["NAMESPACE", "NAME", "FOR", "PROGRAMMED", "ADDRESS", "USED BY"])
    for entry in entries {
      table.rows.append([
        entry.namespace, entry.name, entry.trafficType, entry.programmed ? "True" : "False (\(entry.detail ?? ""))",
        entry.address ?? "-", entry.usedBy.isEmpty ? "-" : entry.usedBy.joined(separator: ", "),
      ])
    }
    return table.rendered
  }

  public var json: JSONValue {
    .array(
      entries.map {
        [
          "namespace": .string($0.namespace), "name": .string($0.name), "for": .string($0.trafficType),
          "programmed": .bool($0.programmed), "address": $0.address.map(JSONValue.string) ?? .null,
          "detail": $0.detail.map(JSONValue.string) ?? .null, "usedBy": .array($0.usedBy.map(JSONValue.string)),
        ]
      })
  }
}
