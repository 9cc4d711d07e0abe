import ControlPlane
import Kube
import Shared
import Testing

/// `istio.io/use-waypoint` on Namespaces, Services and Pods → `Service.waypoint` / `Workload.waypoint`.
@Suite("Translation: waypoints")
struct WaypointTranslationTests {
  typealias F = TranslationFixtures

  static func gateway(
    _ name: String, namespace: String = "apps", waypointFor: String? = nil, className: String = "istio-waypoint",
    address: String? = "10.96.5.5"
  ) -> String {
    let labels = waypointFor.map { "{istio.io/waypoint-for: \($0)}" } ?? "{}"
    let status = address.map { "status: {addresses: [{type: IPAddress, value: \"\($0)\"}]}" } ?? ""
    return """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: \(name), namespace: \(namespace), labels: \(labels)}
      spec: {gatewayClassName: \(className), listeners: [{name: mesh, port: 15008, protocol: HBONE}]}
      \(status)
      ---

      """
  }

  static func service(_ name: String, labels: [String: String] = [:]) -> String {
    """
    apiVersion: v1
    kind: Service
    metadata: {name: \(name), namespace: apps, labels: \(F.flow(labels))}
    spec: {clusterIP: 10.96.0.10, ports: [{port: 80}], selector: {app: \(name)}}
    ---

    """
  }

  static func address(_ ip: String) throws -> GatewayAddress {
    GatewayAddress(destination: .address(NetworkAddress(network: "", address: try IPAddress(ip))), hboneMTLSPort: 15008)
  }

  struct ForCase: CustomTestStringConvertible, Sendable {
    var waypointFor: String?
    var service: Bool
    var workload: Bool
    var testDescription: String { waypointFor ?? "(default)" }
  }

  @Test(
    "istio.io/waypoint-for decides who uses the waypoint",
    arguments: [
      ForCase(waypointFor: nil, service: true, workload: false),
      ForCase(waypointFor: "service", service: true, workload: false),
      ForCase(waypointFor: "workload", service: false, workload: true),
      ForCase(waypointFor: "all", service: true, workload: true),
      ForCase(waypointFor: "none", service: false, workload: false),
    ])
  func waypointFor(_ c: ForCase) throws {
    let mesh = try F.translate(
      F.namespace("apps", labels: [MeshLabels.useWaypoint: "wp"]) + Self.gateway("wp", waypointFor: c.waypointFor)
        + Self.service("web") + F.pod("web-1", namespace: "apps", ip: "10.0.0.5", labels: ["app": "web"])
        // The waypoint's own pod never uses a waypoint.
        + F.pod("wp-0", namespace: "apps", ip: "10.0.0.6", labels: [MeshLabels.gatewayName: "wp"]))
    let expected = try Self.address("10.96.5.5")
    #expect(mesh.service("apps", "web")?.waypoint == (c.service ? expected : nil))
    #expect(mesh.workload("apps", "web-1")?.waypoint == (c.workload ? expected : nil))
    #expect(mesh.workload("apps", "wp-0")?.waypoint == nil)
  }

  @Test("the object's label wins over the namespace's; none opts out; another namespace can be named")
  func precedence() throws {
    let mesh = try F.translate(
      F.namespace("apps", labels: [MeshLabels.useWaypoint: "ns-wp"])
        + Self.gateway("ns-wp", waypointFor: "all", address: "10.96.5.1")
        + Self.gateway("shared", namespace: "infra", waypointFor: "all", address: "10.96.5.2")
        + Self.service("own", labels: [MeshLabels.useWaypoint: "shared", MeshLabels.useWaypointNamespace: "infra"])
        + Self.service("optout", labels: [MeshLabels.useWaypoint: "none"]) + Self.service("inherits")
        + F.pod("pod-own", namespace: "apps", ip: "10.0.0.7", labels: [MeshLabels.useWaypoint: "none"]))
    #expect(mesh.service("apps", "own")?.waypoint == (try Self.address("10.96.5.2")))
    #expect(mesh.service("apps", "optout")?.waypoint == nil)
    #expect(mesh.service("apps", "inherits")?.waypoint == (try Self.address("10.96.5.1")))
    #expect(mesh.workload("apps", "pod-own")?.waypoint == nil)
  }

  struct BrokenCase: CustomTestStringConvertible, Sendable {
    var label: String
    var gateway: String
    var message: String
    var testDescription: String { label }
  }

  @Test(
    "a label naming an unusable waypoint: no waypoint, and a diagnostic on the labelled object",
    arguments: [
      BrokenCase(label: "missing", gateway: "", message: "there is no Gateway apps/wp"),
      BrokenCase(
        label: "not programmed", gateway: gateway("wp", address: nil), message: "has no IP address in status.addresses"),
      BrokenCase(
        label: "wrong class", gateway: gateway("wp", className: "istio"), message: "is of class \"istio\""),
    ])
  func broken(_ c: BrokenCase) throws {
    let mesh = try F.translate(
      F.namespace("apps", labels: [MeshLabels.useWaypoint: "wp"]) + c.gateway
        + Self.service("web", labels: [MeshLabels.useWaypoint: "wp"]))
    #expect(mesh.service("apps", "web")?.waypoint == nil)
    for (kind, namespace, name) in [("Namespace", "", "apps"), ("Service", "apps", "web")] {
      let diagnostic = try #require(mesh.diagnostic(kind: kind, namespace: namespace, name: name))
      #expect(!diagnostic.accepted)
      #expect(diagnostic.reason == "WaypointNotReady")
      #expect(diagnostic.message.contains("metadata.labels[istio.io/use-waypoint]: \"wp\""))
      #expect(diagnostic.message.contains(c.message))
    }
  }

  @Test("an unknown waypoint-for value is reported on the Gateway")
  func badWaypointFor() throws {
    let mesh = try F.translate(
      F.namespace("apps", labels: [MeshLabels.useWaypoint: "wp"]) + Self.gateway("wp", waypointFor: "services")
        + Self.service("web"))
    #expect(mesh.service("apps", "web")?.waypoint == nil)
    let diagnostic = try #require(mesh.diagnostic(kind: "Gateway", namespace: "apps", name: "wp"))
    #expect(diagnostic.message.contains("\"services\" is not one of"))
  }

  @Test("one diagnostic per object, even with several problems")
  func oneDiagnosticPerObject() throws {
    let mesh = try F.translate(
      F.pod(
        "p", namespace: "apps", ip: "10.0.0.5",
        labels: [MeshLabels.dataplaneMode: "ambiant", MeshLabels.useWaypoint: "ghost"]))
    let diagnostics = mesh.diagnostics.filter { $0.kind == "Pod" && $0.name == "p" }
    #expect(diagnostics.count == 1)
    let diagnostic = try #require(diagnostics.first)
    #expect(!diagnostic.accepted)
    #expect(diagnostic.reason == "InvalidValue")
    #expect(diagnostic.message.contains("\"ambiant\""))
    #expect(diagnostic.message.contains("there is no Gateway apps/ghost"))
  }
}
