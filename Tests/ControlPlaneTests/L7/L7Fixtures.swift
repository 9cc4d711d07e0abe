import ControlPlane
import Kube
import MeshTestSupport
import Shared
import Testing

/// The walkthrough's cluster with a waypoint serving httpbin, plus helpers to translate extra
/// objects (routes, policies, VirtualServices) on top of it.
enum L7Fixtures {
  static let httpbinKey = "ambient-apps/httpbin-ambient.ambient-apps.svc.cluster.local"
  static let waypointKey = "ambient-apps/httpbin-ambient-waypoint"

  /// Namespace, pods, Services (httpbin with a waypoint, plus `backend-v2` and an unbound `other`),
  /// the waypoint Gateway with its address.
  static let base = """
    apiVersion: v1
    kind: Namespace
    metadata: {name: ambient-apps, labels: {istio.io/dataplane-mode: ambient}}
    ---
    apiVersion: gateway.networking.k8s.io/v1
    kind: Gateway
    metadata: {name: httpbin-ambient-waypoint, namespace: ambient-apps, labels: {istio.io/waypoint-for: service}}
    spec: {gatewayClassName: istio-waypoint, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}
    status: {addresses: [{type: IPAddress, value: "10.96.5.5"}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: httpbin-ambient, namespace: ambient-apps, labels: {istio.io/use-waypoint: httpbin-ambient-waypoint}}
    spec:
      clusterIP: 10.96.0.10
      selector: {app: httpbin-ambient}
      ports: [{name: http, port: 8000, targetPort: 80}, {name: tcp-raw, port: 9000}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: backend-v2, namespace: ambient-apps}
    spec: {clusterIP: 10.96.0.11, selector: {app: backend-v2}, ports: [{name: http, port: 8000, appProtocol: http}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: other, namespace: ambient-apps}
    spec: {clusterIP: 10.96.0.12, selector: {app: other}, ports: [{port: 80}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: httpbin-1, namespace: ambient-apps, labels: {app: httpbin-ambient, version: v1}}
    spec: {serviceAccountName: httpbin, nodeName: node-1, containers: [{name: main, image: app}]}
    status: {phase: Running, podIP: 10.244.0.5, podIPs: [{ip: 10.244.0.5}], conditions: [{type: Ready, status: "True"}]}
    ---

    """

  static func cluster(_ extra: String, jwks: [String: JWKSState] = [:]) throws -> ClusterSnapshot {
    var cluster = ClusterSnapshot(jwks: jwks)
    for document in try YAMLDocuments.parse(base + extra) {
      let object = try KubeObject(json: document)
      switch object.kind {
      case "Namespace": cluster.namespaces[object.name] = Namespace(object)
      case "Pod": cluster.pods.append(Pod(object))
      case "Service": cluster.services.append(KubeService(object))
      case "Gateway": cluster.gateways.append(Gateway(object))
      case "AuthorizationPolicy": cluster.authorizationPolicies.append(KubeAuthorizationPolicy(object))
      case "HTTPRoute": cluster.httpRoutes.append(HTTPRoute(object))
      case "RequestAuthentication": cluster.requestAuthentications.append(RequestAuthentication(object))
      case "VirtualService": cluster.virtualServices.append(VirtualService(object))
      default: Issue.record("fixture has an unexpected kind \(object.kind)")
      }
    }
    return cluster
  }

  static func translate(_ extra: String, jwks: [String: JWKSState] = [:]) throws -> MeshSnapshot {
    MeshTranslator.translate(try cluster(extra, jwks: jwks), config: MeshConfig())
  }

  static func httpbin(_ mesh: MeshSnapshot) throws -> L7Service {
    try #require(mesh.waypointServices.first { $0.key == httpbinKey })
  }

  /// An HTTPRoute on the httpbin Service with `rules` (YAML flow or block under `rules:`).
  static func route(
    _ name: String, created: String = "2024-01-01T00:00:00Z",
    parent: String = "{group: \"\", kind: Service, name: httpbin-ambient}",
    rules: String
  ) -> String {
    """
    apiVersion: gateway.networking.k8s.io/v1
    kind: HTTPRoute
    metadata: {name: \(name), namespace: ambient-apps, creationTimestamp: "\(created)"}
    spec:
      parentRefs: [\(parent)]
      rules: \(rules)
    ---

    """
  }

  static let jwksText = """
    {"keys":[{"kty":"RSA","kid":"k1","e":"AQAB","n":"xAE7eB6qugXyCAG3yhh7pkDkT65pHymX"}]}
    """
}
