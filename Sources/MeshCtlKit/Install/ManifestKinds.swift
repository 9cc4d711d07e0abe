import Kube

/// Where each kind in the install manifests lives in the REST tree. The manifests use a small,
/// fixed set of kinds; an unknown one is a build error of meshctl, reported as such.
enum ManifestKinds {
  static let rbac: [ResourceType] = [
    ResourceType(
      group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false),
    ResourceType(
      group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings",
      namespaced: false),
    ResourceType(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true),
    ResourceType(
      group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true),
  ]

  static let known: [ResourceType] =
    [
      .namespace, .serviceAccount, .service, .configMap, .secret, .deployment, .daemonSet, .customResourceDefinition,
    ] + rbac

  static func type(of object: KubeObject) throws(MeshCtlError) -> ResourceType {
    guard let type = known.first(where: { $0.kind == object.kind && $0.apiVersion == object.apiVersion }) else {
      throw MeshCtlError("meshctl cannot apply \(object.kind) (\(object.apiVersion)) \(object.key): unknown kind")
    }
    return type
  }
}
