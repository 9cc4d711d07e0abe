/// Matches a peer by namespace and service account name (both exact).
public struct ServiceAccountMatch: Hashable, Sendable {
  public var namespace: String
  public var serviceAccount: String

  public init(namespace: String, serviceAccount: String) {
    self.namespace = namespace
    self.serviceAccount = serviceAccount
  }

  public func matches(_ identity: SpiffeIdentity) -> Bool {
    identity.namespace == namespace && identity.serviceAccount == serviceAccount
  }
}
