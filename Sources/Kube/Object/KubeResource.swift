/// A typed view of one kind over a `KubeObject`.
///
/// Views are lenient readers: a missing or mistyped field reads as nil or empty instead of failing,
/// because the control plane must keep going when one object in ten thousand is odd; writes go into
/// the underlying JSON, so unknown fields survive.
public protocol KubeResource: Sendable, Hashable {
  static var resourceType: ResourceType { get }
  var object: KubeObject { get set }
  init(_ object: KubeObject)
}

extension KubeResource {
  public var name: String { object.name }
  public var namespace: String { object.namespace }
  public var uid: String { object.uid }
  public var labels: [String: String] {
    get { object.labels }
    set { object.labels = newValue }
  }
  public var annotations: [String: String] {
    get { object.annotations }
    set { object.annotations = newValue }
  }
  public var resourceVersion: String { object.resourceVersion }

  /// A new, empty object of this kind.
  public init(namespace: String? = nil, name: String, labels: [String: String] = [:]) {
    self.init(KubeObject(type: Self.resourceType, namespace: namespace, name: name, labels: labels))
  }
}
