/// What a consumer of an informer sees: the cache's changes, in order.
public enum InformerEvent: Sendable {
  case added(KubeObject)
  case updated(old: KubeObject, new: KubeObject)
  /// The last state the cache knew.
  case deleted(KubeObject)
  /// Everything from the initial list has been delivered (once per subscriber).
  case synced

  public var object: KubeObject? {
    switch self {
    case .added(let object), .deleted(let object), .updated(_, let object): object
    case .synced: nil
    }
  }
}
