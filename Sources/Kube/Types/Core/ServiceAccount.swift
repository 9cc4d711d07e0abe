/// A ServiceAccount: the identity the mesh's SPIFFE IDs name
/// (`spiffe://<trust domain>/ns/<namespace>/sa/<name>`). Name and namespace come from
/// `KubeResource`.
public struct ServiceAccount: KubeResource {
  public static let resourceType = ResourceType.serviceAccount
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// Whether pods get a token mounted by default; `nil` leaves it to the pod (Kubernetes: yes).
  public var automountServiceAccountToken: Bool? {
    get { field("automountServiceAccountToken")?.boolValue }
    set { setField(.flag(newValue), "automountServiceAccountToken") }
  }
}
