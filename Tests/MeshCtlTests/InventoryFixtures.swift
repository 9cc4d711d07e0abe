import ControlPlane
import Kube
import MeshCtlKit
import MeshTestSupport
import Shared
import Testing

/// Inventories built from the YAML users write (plus the status a cluster adds), and the
/// walkthrough's cluster as meshctl would read it after step 2.
enum InventoryFixtures {
  static func inventory(_ yaml: String) throws -> MeshInventory {
    var inventory = MeshInventory()
    for document in try YAMLDocuments.parse(yaml) {
      let object = try KubeObject(json: document)
      switch object.kind {
      case "Namespace": inventory.cluster.namespaces[object.name] = Namespace(object)
      case "Pod": inventory.cluster.pods.append(Pod(object))
      case "Service": inventory.cluster.services.append(KubeService(object))
      case "Gateway": inventory.cluster.gateways.append(Gateway(object))
      case "GatewayClass": inventory.gatewayClasses.append(GatewayClass(object))
      case "HTTPRoute": inventory.cluster.httpRoutes.append(HTTPRoute(object))
      case "AuthorizationPolicy": inventory.cluster.authorizationPolicies.append(KubeAuthorizationPolicy(object))
      case "PeerAuthentication": inventory.cluster.peerAuthentications.append(PeerAuthentication(object))
      case "RequestAuthentication": inventory.cluster.requestAuthentications.append(RequestAuthentication(object))
      default: Issue.record("fixture has an unexpected kind \(object.kind)")
      }
    }
    return inventory
  }

  static func pod(
    _ name: String, _ namespace: String, ip: String, labels: String = "{}", serviceAccount: String = "default",
    node: String = "node-1", captured: Bool = true
  ) -> String {
    """
    apiVersion: v1
    kind: Pod
    metadata:
      name: \(name)
      namespace: \(namespace)
      labels: \(labels)
      annotations: {\(captured ? "ambient.istio.io/redirection: enabled" : "")}
    spec:
      serviceAccountName: \(serviceAccount)
      nodeName: \(node)
      containers: [{name: main, image: app, ports: [{containerPort: 80}]}]
    status:
      phase: Running
      podIP: \(ip)
      podIPs: [{ip: \(ip)}]
      conditions: [{type: Ready, status: "True"}]
    ---

    """
  }

  /// The walkthrough after step 2: two namespaces, the apps, the ztunnels, the L4 policy.
  static let walkthrough: String =
    """
    apiVersion: v1
    kind: Namespace
    metadata: {name: ambient-apps, labels: {istio.io/dataplane-mode: ambient}}
    ---
    apiVersion: v1
    kind: Namespace
    metadata: {name: legacy-apps}
    ---
    apiVersion: v1
    kind: Namespace
    metadata: {name: istio-system}
    ---
    apiVersion: gateway.networking.k8s.io/v1
    kind: GatewayClass
    metadata: {name: istio-waypoint}
    spec: {controllerName: istio.io/mesh-controller}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: httpbin-ambient, namespace: ambient-apps}
    spec:
      clusterIP: 10.96.0.50
      clusterIPs: [10.96.0.50]
      ports: [{name: http, port: 8000, targetPort: 80}]
      selector: {app: httpbin-ambient}
    ---

    """
    + Walkthrough.requireSleepIdentity + "---\n"
    + pod(
      "httpbin-ambient-1", "ambient-apps", ip: "10.244.1.10", labels: "{app: httpbin-ambient}",
      serviceAccount: "httpbin-ambient")
    + pod(
      "sleep-ambient-1", "ambient-apps", ip: "10.244.2.20", labels: "{app: sleep-ambient}",
      serviceAccount: "sleep-ambient", node: "node-2")
    + pod(
      "rogue-client", "ambient-apps", ip: "10.244.2.30", labels: "{app: rogue-client}", serviceAccount: "rogue-sa",
      node: "node-2")
    + pod("httpbin-legacy-1", "legacy-apps", ip: "10.244.1.40", labels: "{app: httpbin-legacy}", captured: false)
    + pod(
      "ztunnel-aaaaa", "istio-system", ip: "10.244.1.2", labels: "{app: ztunnel}", serviceAccount: "ztunnel",
      captured: false)
    + pod(
      "ztunnel-bbbbb", "istio-system", ip: "10.244.2.2", labels: "{app: ztunnel}", serviceAccount: "ztunnel",
      node: "node-2", captured: false)
}
