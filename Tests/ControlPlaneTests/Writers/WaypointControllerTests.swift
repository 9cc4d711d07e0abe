import ControlPlane
import Foundation
import Kube
import MeshTestSupport
import Shared
import Testing

/// The waypoint controller against the dev API server (server-side apply, status subresource,
/// garbage collection by owner references).
@Suite("Waypoint controller", .serialized)
struct WaypointControllerTests {
  static let namespace = "ambient-apps"
  static let name = "httpbin-ambient-waypoint"

  func createGateway(
    in cluster: WritersCluster, name: String = WaypointControllerTests.name, className: String = "istio-waypoint",
    waypointFor: String = "service"
  ) async throws -> Gateway {
    var gateway = Gateway(namespace: Self.namespace, name: name, labels: [MeshLabels.waypointFor: waypointFor])
    gateway.gatewayClassName = className
    gateway.listeners = [GatewayListener(name: "mesh", port: 15008, protocol: "HBONE")]
    return try await cluster.client.create(gateway)
  }

  @Test("a waypoint Gateway gets its ServiceAccount, Deployment and Service, then an address; reruns write nothing")
  func deploy() async throws {
    let cluster = try await WritersCluster(namespaces: [Self.namespace])
    let controller = WaypointController(client: cluster.client)
    let gateway = try await createGateway(in: cluster)

    let outcome = try await controller.reconcile(gateway: gateway)
    #expect(outcome == .deployed(statusWritten: true))

    let client = cluster.client
    let account = try await client.get(ServiceAccount.self, namespace: Self.namespace, name: Self.name)
    let deployment = try await client.get(Deployment.self, namespace: Self.namespace, name: Self.name)
    let service = try await client.get(KubeService.self, namespace: Self.namespace, name: Self.name)
    for object in [account.object, deployment.object, service.object] {
      #expect(object.ownerReferences.map(\.uid) == [gateway.uid])
      #expect(object.ownerReferences.first?.controller == true)
      #expect(object.labels[MeshLabels.gatewayManaged] == MeshLabels.gatewayManagedValue)
    }
    #expect(deployment.templateLabels[MeshLabels.dataplaneMode] == "none")
    #expect(service.ports.map(\.port) == [15008, 15021])
    let clusterIP = try #require(service.clusterIP)
    #expect(!clusterIP.isEmpty && clusterIP != "None")

    let written = try await client.get(Gateway.self, namespace: Self.namespace, name: Self.name)
    #expect(written.statusAddresses == [GatewayStatusAddress(type: "IPAddress", value: clusterIP)])
    #expect(written.isProgrammed)
    #expect(written.conditions.condition("Accepted")?.isTrue == true)
    #expect(written.conditions.condition("Programmed")?.observedGeneration == written.object.generation)

    // kubectl, a real peer, sees the same status.
    let yaml = try await cluster.kubectl("get", "gateway", "-n", Self.namespace, Self.name, "-o", "yaml")
    let document = try YAMLDocuments.parseOne(yaml)
    #expect(document.value(at: ["status", "addresses"])?.arrayValue?.first?["value"]?.stringValue == clusterIP)
    let programmed = (document.value(at: ["status", "conditions"])?.arrayValue ?? []).first {
      $0["type"] == "Programmed"
    }
    #expect(programmed?["status"] == "True")

    // A second pass with nothing new: no status write, the Gateway's resourceVersion stays.
    let second = try await controller.reconcile(gateway: written)
    #expect(second == .deployed(statusWritten: false))
    let after = try await client.get(Gateway.self, namespace: Self.namespace, name: Self.name)
    #expect(after.resourceVersion == written.resourceVersion)
    #expect(after.object.status == written.object.status)
    let deploymentAfter = try await client.get(Deployment.self, namespace: Self.namespace, name: Self.name)
    let serviceAfter = try await client.get(KubeService.self, namespace: Self.namespace, name: Self.name)
    #expect(deploymentAfter.resourceVersion == deployment.resourceVersion)
    #expect(serviceAfter.resourceVersion == service.resourceVersion)
    await cluster.stop()
  }

  @Test("deleting the Gateway removes the three objects through garbage collection")
  func garbageCollection() async throws {
    let cluster = try await WritersCluster(namespaces: [Self.namespace])
    let controller = WaypointController(client: cluster.client)
    let gateway = try await createGateway(in: cluster)
    try await controller.reconcile(gateway: gateway)
    #expect(await !cluster.isGone(.deployment, namespace: Self.namespace, name: Self.name))

    try await cluster.client.delete(.gateway, namespace: Self.namespace, name: Self.name)
    let gone = await eventually(timeout: .seconds(10)) {
      let account = await cluster.isGone(.serviceAccount, namespace: Self.namespace, name: Self.name)
      let deployment = await cluster.isGone(.deployment, namespace: Self.namespace, name: Self.name)
      let service = await cluster.isGone(.service, namespace: Self.namespace, name: Self.name)
      return account && deployment && service
    }
    #expect(gone)
    await cluster.stop()
  }

  @Test("Gateways of another class, and Gateways being deleted, are left alone")
  func ignored() async throws {
    let cluster = try await WritersCluster(namespaces: [Self.namespace])
    let controller = WaypointController(client: cluster.client)
    let other = try await createGateway(in: cluster, name: "ingress", className: "nginx")
    let outcome = try await controller.reconcile(gateway: other)
    guard case .ignored = outcome else {
      Issue.record("expected the Gateway to be ignored, got \(outcome)")
      return
    }
    let deployments = try await cluster.client.list(.deployment, namespace: Self.namespace)
    let services = try await cluster.client.list(.service, namespace: Self.namespace)
    #expect(deployments.items.isEmpty && services.items.isEmpty)
    let unchanged = try await cluster.client.get(Gateway.self, namespace: Self.namespace, name: "ingress")
    #expect(unchanged.object.status == nil)

    var deleting = try await createGateway(in: cluster)
    deleting.object.json.setValue("2026-01-01T00:00:00Z", at: ["metadata", "deletionTimestamp"])
    #expect(try await controller.reconcile(gateway: deleting) == .ignored(reason: "the Gateway is being deleted"))
    #expect(await cluster.isGone(.deployment, namespace: Self.namespace, name: Self.name))
    await cluster.stop()
  }

  @Test("an invalid istio.io/waypoint-for is reported and deploys nothing")
  func invalid() async throws {
    let cluster = try await WritersCluster(namespaces: [Self.namespace])
    let controller = WaypointController(client: cluster.client)
    let gateway = try await createGateway(in: cluster, waypointFor: "pods")
    #expect(try await controller.reconcile(gateway: gateway) == .rejected(statusWritten: true))
    #expect(await cluster.isGone(.deployment, namespace: Self.namespace, name: Self.name))
    #expect(await cluster.isGone(.service, namespace: Self.namespace, name: Self.name))
    let written = try await cluster.client.get(Gateway.self, namespace: Self.namespace, name: Self.name)
    let accepted = try #require(written.conditions.condition("Accepted"))
    #expect(accepted.status == "False" && accepted.reason == "InvalidParameters")
    #expect(accepted.message?.contains("\"pods\"") == true)
    #expect(written.statusAddresses.isEmpty)
    #expect(try await controller.reconcile(gateway: written) == .rejected(statusWritten: false))
    await cluster.stop()
  }

  @Test("GatewayClass istio-waypoint is created, names the controller, and is Accepted once")
  func gatewayClass() async throws {
    let cluster = try await WritersCluster(namespaces: [])
    let controller = WaypointController(client: cluster.client)
    try await controller.ensureGatewayClass()
    let created = try await cluster.client.get(GatewayClass.self, name: "istio-waypoint")
    #expect(created.controllerName == "istio.io/mesh-controller")
    let accepted = try #require(created.conditions.condition("Accepted"))
    #expect(accepted.isTrue && accepted.reason == "Accepted")

    try await controller.ensureGatewayClass()
    let again = try await cluster.client.get(GatewayClass.self, name: "istio-waypoint")
    #expect(again.resourceVersion == created.resourceVersion)
    let printed = try await cluster.kubectl("get", "gatewayclass", "istio-waypoint")
    #expect(printed.contains("istio.io/mesh-controller") && printed.contains("True"))
    await cluster.stop()
  }
}
