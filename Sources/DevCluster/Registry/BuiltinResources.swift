import Kube

/// The kinds the dev cluster serves without CRDs: `ResourceType.builtin` plus what kubectl flows
/// and the project's manifests use (events, RBAC, ReplicaSets, StatefulSets, access reviews).
enum BuiltinResources {
  static let event = ResourceType(
    group: "", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"])
  static let endpoints = ResourceType(
    group: "", version: "v1", kind: "Endpoints", plural: "endpoints", singular: "endpoints", namespaced: true,
    shortNames: ["ep"])
  static let replicaSet = ResourceType(
    group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", namespaced: true, shortNames: ["rs"])
  static let statefulSet = ResourceType(
    group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", namespaced: true,
    shortNames: ["sts"])
  static let role = ResourceType(
    group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true)
  static let roleBinding = ResourceType(
    group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings",
    namespaced: true)
  static let clusterRole = ResourceType(
    group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles",
    namespaced: false)
  static let clusterRoleBinding = ResourceType(
    group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings",
    namespaced: false)
  static let selfSubjectAccessReview = ResourceType(
    group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectAccessReview",
    plural: "selfsubjectaccessreviews", namespaced: false)
  static let selfSubjectReview = ResourceType(
    group: "authentication.k8s.io", version: "v1", kind: "SelfSubjectReview", plural: "selfsubjectreviews",
    namespaced: false)

  /// Kinds whose `/status` is a separate subresource in Kubernetes (and so here).
  private static let withStatus: Set<String> = [
    ResourceType.pod.qualifiedName, ResourceType.deployment.qualifiedName, ResourceType.daemonSet.qualifiedName,
    ResourceType.node.qualifiedName, ResourceType.namespace.qualifiedName, ResourceType.service.qualifiedName,
    ResourceType.customResourceDefinition.qualifiedName, replicaSet.qualifiedName, statefulSet.qualifiedName,
  ]

  private static let reviews: Set<String> = [
    ResourceType.tokenReview.qualifiedName, selfSubjectAccessReview.qualifiedName, selfSubjectReview.qualifiedName,
  ]

  /// `kubectl get all` lists the kinds in category `all`.
  private static let inCategoryAll: Set<String> = [
    ResourceType.pod.qualifiedName, ResourceType.service.qualifiedName, ResourceType.deployment.qualifiedName,
    ResourceType.daemonSet.qualifiedName, replicaSet.qualifiedName, statefulSet.qualifiedName,
  ]

  static let all: [ServedResource] = {
    var types = ResourceType.builtin
    types += [
      event, endpoints, replicaSet, statefulSet, role, roleBinding, clusterRole, clusterRoleBinding,
      selfSubjectAccessReview, selfSubjectReview,
    ]
    return types.map { type in
      ServedResource(
        type, storage: reviews.contains(type.qualifiedName) ? .review : .stored,
        hasStatusSubresource: withStatus.contains(type.qualifiedName),
        categories: inCategoryAll.contains(type.qualifiedName) ? ["all"] : [])
    }
  }()
}
