import Kube

/// One resource the server routes at one version: its REST names plus what the registry knows
/// beyond `ResourceType` (verbs, subresources, table columns, where its objects live).
struct ServedResource: Sendable, Hashable {
  /// How the objects of a resource exist.
  enum Storage: Sendable, Hashable {
    /// Kept in the object store and watchable.
    case stored
    /// A create-only review (TokenReview, SelfSubjectAccessReview): answered, never stored.
    case review
  }

  var type: ResourceType
  var storage: Storage
  /// `/status` is served, and writes of the main resource keep the stored status.
  var hasStatusSubresource: Bool
  /// Served by CRDs: PUT requires a resourceVersion, strategic merge patch is refused.
  var isCustom: Bool
  /// Columns of `kubectl get` for custom resources; built-in kinds print through `TablePrinter`.
  var printerColumns: [PrinterColumn]
  var categories: [String]

  init(
    _ type: ResourceType, storage: Storage = .stored, hasStatusSubresource: Bool = false, isCustom: Bool = false,
    printerColumns: [PrinterColumn] = [], categories: [String] = []
  ) {
    self.type = type
    self.storage = storage
    self.hasStatusSubresource = hasStatusSubresource
    self.isCustom = isCustom
    self.printerColumns = printerColumns
    self.categories = categories
  }

  /// All versions of a resource share one storage bucket, like etcd's `/registry/<group>/<plural>`.
  var storageKey: String { type.qualifiedName }

  var verbs: [String] {
    switch storage {
    case .stored: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    case .review: ["create"]
    }
  }

  /// The resource as Kubernetes names it in error messages: `pods`, `deployments.apps`.
  var qualifiedResource: String { type.qualifiedName }

  /// The ServiceAccount `token` subresource (TokenRequest) is served only for service accounts.
  var hasTokenSubresource: Bool { type.group.isEmpty && type.plural == "serviceaccounts" }
  /// `pods/<id>/proxy`: HTTP to a port of the pod (Kubernetes also proxies services and nodes).
  var hasProxySubresource: Bool { type.group.isEmpty && type.plural == "pods" }
  /// `/scale` (autoscaling/v1 Scale), which `kubectl scale` uses: the workload kinds with replicas.
  var hasScaleSubresource: Bool {
    type.group == "apps" && ["deployments", "replicasets", "statefulsets"].contains(type.plural)
  }
}
