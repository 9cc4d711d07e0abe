/// What a caller presented: the bearer token from `authorization` and the `clusterid` header.
public struct CallerCredentials: Hashable, Sendable {
  public var bearerToken: String
  public var clusterID: String

  public init(bearerToken: String, clusterID: String) {
    self.bearerToken = bearerToken
    self.clusterID = clusterID
  }
}
