/// The kinds the mesh reads and writes. The Istio and Gateway API kinds are custom resources in a
/// real cluster (installed from `manifests/`); they are listed here so the client knows their paths.
extension ResourceType {
  public static let namespace = ResourceType(
    group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, shortNames: ["ns"])
  public static let pod = ResourceType(
    group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true, shortNames: ["po"])
  public static let service = ResourceType(
    group: "", version: "v1", kind: "Service", plural: "services", namespaced: true, shortNames: ["svc"])
  public static let serviceAccount = ResourceType(
    group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true,
    shortNames: ["sa"])
  public static let node = ResourceType(
    group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false, shortNames: ["no"])
  public static let secret = ResourceType(
    group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true)
  public static let configMap = ResourceType(
    group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"])
  public static let endpointSlice = ResourceType(
    group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices", namespaced: true)
  public static let deployment = ResourceType(
    group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true,
    shortNames: ["deploy"])
  public static let daemonSet = ResourceType(
    group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", namespaced: true, shortNames: ["ds"])
  public static let lease = ResourceType(
    group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true)
  public static let tokenReview = ResourceType(
    group: "authentication.k8s.io", version: "v1", kind: "TokenReview", plural: "tokenreviews",
    namespaced: false)
  /// Served only as the `token` subresource of a ServiceAccount.
  public static let tokenRequest = ResourceType(
    group: "authentication.k8s.io", version: "v1", kind: "TokenRequest", plural: "tokenrequests",
    namespaced: true)
  public static let customResourceDefinition = ResourceType(
    group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
    plural: "customresourcedefinitions", namespaced: false, shortNames: ["crd", "crds"])

  public static let authorizationPolicy = ResourceType(
    group: "security.istio.io", version: "v1", kind: "AuthorizationPolicy", plural: "authorizationpolicies",
    namespaced: true, shortNames: ["ap"])
  public static let peerAuthentication = ResourceType(
    group: "security.istio.io", version: "v1", kind: "PeerAuthentication", plural: "peerauthentications",
    namespaced: true, shortNames: ["pa"])
  public static let requestAuthentication = ResourceType(
    group: "security.istio.io", version: "v1", kind: "RequestAuthentication",
    plural: "requestauthentications", namespaced: true, shortNames: ["ra"])
  public static let gatewayClass = ResourceType(
    group: "gateway.networking.k8s.io", version: "v1", kind: "GatewayClass", plural: "gatewayclasses",
    namespaced: false, shortNames: ["gc"])
  public static let gateway = ResourceType(
    group: "gateway.networking.k8s.io", version: "v1", kind: "Gateway", plural: "gateways", namespaced: true,
    shortNames: ["gtw"])
  public static let httpRoute = ResourceType(
    group: "gateway.networking.k8s.io", version: "v1", kind: "HTTPRoute", plural: "httproutes",
    namespaced: true)
  public static let virtualService = ResourceType(
    group: "networking.istio.io", version: "v1", kind: "VirtualService", plural: "virtualservices",
    namespaced: true, shortNames: ["vs"])

  /// Kinds every Kubernetes API server has built in (the rest arrive as CRDs).
  public static let builtin: [ResourceType] = [
    .namespace, .pod, .service, .serviceAccount, .node, .secret, .configMap, .endpointSlice, .deployment,
    .daemonSet, .lease, .tokenReview, .customResourceDefinition,
  ]

  /// Custom resource kinds the mesh consumes.
  public static let meshCustom: [ResourceType] = [
    .authorizationPolicy, .peerAuthentication, .requestAuthentication, .gatewayClass, .gateway, .httpRoute,
    .virtualService,
  ]
}
