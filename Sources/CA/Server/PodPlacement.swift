/// Where a pod runs and as whom: what the impersonation rule needs to know about a pod.
public struct PodPlacement: Hashable, Sendable {
  public var namespace: String
  public var name: String
  public var serviceAccount: String
  public var nodeName: String

  public init(namespace: String, name: String, serviceAccount: String, nodeName: String) {
    self.namespace = namespace
    self.name = name
    self.serviceAccount = serviceAccount
    self.nodeName = nodeName
  }
}
