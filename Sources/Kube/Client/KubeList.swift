/// One LIST answer: the items and the collection's resourceVersion to watch from.
public struct KubeList: Sendable {
  public var items: [KubeObject]
  public var resourceVersion: String
  /// Set when the server paginated (`limit`) and more items follow.
  public var continueToken: String?

  public init(items: [KubeObject], resourceVersion: String, continueToken: String? = nil) {
    self.items = items
    self.resourceVersion = resourceVersion
    self.continueToken = continueToken
  }
}
