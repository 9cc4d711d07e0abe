/// The payload of one `istio.workload.Address` resource.
public enum MeshAddress: Hashable, Sendable {
  case workload(Workload)
  case service(Service)

  /// The xDS resource name: the workload uid, or `namespace/hostname` for a service.
  public var resourceName: String {
    switch self {
    case .workload(let w): return w.uid
    case .service(let s): return s.resourceName
    }
  }
}
