/// One object a controller reconciles: its kind and `namespace/name`.
public enum ReconcileKey: Sendable, Hashable, CustomStringConvertible {
  case deployment(namespace: String, name: String)
  case daemonSet(namespace: String, name: String)
  case service(namespace: String, name: String)

  public var description: String {
    switch self {
    case .deployment(let namespace, let name): "deployment \(namespace)/\(name)"
    case .daemonSet(let namespace, let name): "daemonset \(namespace)/\(name)"
    case .service(let namespace, let name): "service \(namespace)/\(name)"
    }
  }
}
