import ControlPlane
import Kube
import Shared
import Testing

/// The walkthrough's waypoint (step 3) as the controller would deploy it.
@Suite("Waypoint resources")
struct WaypointResourcesTests {
  static func walkthroughGateway() -> Gateway {
    var gateway = Gateway(
      namespace: "ambient-apps", name: "httpbin-ambient-waypoint", labels: [MeshLabels.waypointFor: "service"])
    gateway.object.uid = "0b7a9c1e-gw"
    gateway.object.generation = 1
    gateway.gatewayClassName = "istio-waypoint"
    gateway.listeners = [GatewayListener(name: "mesh", port: 15008, protocol: "HBONE")]
    return gateway
  }

  @Test("named after the Gateway, in its namespace, labelled, and controlled by it")
  func identity() {
    let gateway = Self.walkthroughGateway()
    let resources = WaypointResources(gateway: gateway)
    let objects = [resources.serviceAccount.object, resources.deployment.object, resources.service.object]
    #expect(objects.map(\.kind) == ["ServiceAccount", "Deployment", "Service"])
    for object in objects {
      #expect(object.name == "httpbin-ambient-waypoint")
      #expect(object.namespace == "ambient-apps")
      #expect(
        object.labels == [
          "gateway.networking.k8s.io/gateway-name": "httpbin-ambient-waypoint",
          "gateway.istio.io/managed": "istio.io-mesh-controller",
        ])
      #expect(
        object.ownerReferences == [
          OwnerReference(
            apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", name: "httpbin-ambient-waypoint",
            uid: "0b7a9c1e-gw", controller: true, blockOwnerDeletion: true)
        ])
    }
  }

  @Test("the Deployment runs one waypoint proxy, out of the mesh, as the Gateway's service account")
  func deployment() throws {
    let deployment = WaypointResources(gateway: Self.walkthroughGateway()).deployment
    #expect(deployment.replicas == 1)
    #expect(
      deployment.selector == ["matchLabels": ["gateway.networking.k8s.io/gateway-name": "httpbin-ambient-waypoint"]])
    #expect(
      deployment.templateLabels == [
        "gateway.networking.k8s.io/gateway-name": "httpbin-ambient-waypoint",
        "gateway.istio.io/managed": "istio.io-mesh-controller",
        "istio.io/dataplane-mode": "none",
      ])
    #expect(deployment.templateServiceAccountName == "httpbin-ambient-waypoint")
    let containers = deployment.templateContainers
    try #require(containers.count == 1)
    let container = containers[0]
    #expect(container.name == "waypoint")
    #expect(container.image == "ghcr.io/ambient-mesh/waypoint:\(MeshVersion.current)")
    #expect(container.args == ["--gateway", "ambient-apps/httpbin-ambient-waypoint"])
    #expect(container.ports.map(\.containerPort) == [15008, 15021, 15020])
    #expect(container.ports.map(\.name) == ["mesh", "status-port", "metrics"])
    let env = container.otherFields["env"]?.arrayValue ?? []
    #expect(
      env.compactMap { $0["name"]?.stringValue } == ["POD_NAME", "POD_NAMESPACE", "INSTANCE_IP", "SERVICE_ACCOUNT"])
    #expect(
      env.compactMap { $0.value(at: ["valueFrom", "fieldRef", "fieldPath"])?.stringValue } == [
        "metadata.name", "metadata.namespace", "status.podIP", "spec.serviceAccountName",
      ])
    let probe = container.otherFields["readinessProbe"]
    #expect(probe?.value(at: ["httpGet", "path"]) == "/healthz/ready")
    #expect(probe?.value(at: ["httpGet", "port"]) == .int(15021))
  }

  @Test("the Service exposes HBONE and the status port to the waypoint pods")
  func service() {
    let service = WaypointResources(gateway: Self.walkthroughGateway()).service
    #expect(service.type == "ClusterIP")
    #expect(service.selector == ["gateway.networking.k8s.io/gateway-name": "httpbin-ambient-waypoint"])
    #expect(
      service.ports == [
        ServicePortSpec(name: "mesh", port: 15008, targetPort: .int(15008), appProtocol: "all"),
        ServicePortSpec(name: "status-port", port: 15021, targetPort: .int(15021)),
      ])
  }

  @Test("settings choose the image and add environment; Gateway labels never reach the pods")
  func settingsAndLabels() {
    var gateway = Self.walkthroughGateway()
    gateway.labels["istio.io/dataplane-mode"] = "ambient"
    gateway.labels["istio.io/rev"] = "canary"
    let settings = WaypointSettings(
      image: "registry.local/waypoint:dev", environment: ["XDS_ADDRESS": "istiod.istio-system:15012"])
    let deployment = WaypointResources(gateway: gateway, settings: settings).deployment
    #expect(deployment.templateLabels["istio.io/dataplane-mode"] == "none")
    #expect(deployment.templateLabels["istio.io/rev"] == nil)
    #expect(deployment.object.labels["istio.io/rev"] == nil)
    let container = deployment.templateContainers.first
    #expect(container?.image == "registry.local/waypoint:dev")
    let env = container?.otherFields["env"]?.arrayValue ?? []
    #expect(env.last == ["name": "XDS_ADDRESS", "value": "istiod.istio-system:15012"])
  }
}
