import Kube

/// A service account authenticated by its token: the user the API server acts for and the
/// `status.user` a TokenReview reports.
public struct ServiceAccountUser: Sendable, Hashable {
  public static let podNameKey = "authentication.kubernetes.io/pod-name"
  public static let podUIDKey = "authentication.kubernetes.io/pod-uid"
  public static let nodeNameKey = "authentication.kubernetes.io/node-name"
  public static let nodeUIDKey = "authentication.kubernetes.io/node-uid"
  public static let credentialIDKey = "authentication.kubernetes.io/credential-id"

  public var claims: ServiceAccountClaims
  /// The requested audiences the token is valid for (the intersection).
  public var audiences: [String]

  public init(claims: ServiceAccountClaims, audiences: [String]) {
    self.claims = claims
    self.audiences = audiences
  }

  public var username: String { claims.username }
  /// The service account's uid.
  public var uid: String { claims.serviceAccountUID }
  public var groups: [String] { claims.groups }

  /// What Kubernetes adds to a service account's user info: the bound pod and node, and the
  /// token's `jti` as `JTI=...` so audit logs can tell credentials apart.
  public var extra: [String: [String]] {
    var extra: [String: [String]] = [:]
    if let podName = claims.podName, let podUID = claims.podUID, !podName.isEmpty, !podUID.isEmpty {
      extra[Self.podNameKey] = [podName]
      extra[Self.podUIDKey] = [podUID]
    }
    if !claims.id.isEmpty { extra[Self.credentialIDKey] = ["JTI=\(claims.id)"] }
    if let nodeName = claims.nodeName, !nodeName.isEmpty {
      extra[Self.nodeNameKey] = [nodeName]
      if let nodeUID = claims.nodeUID, !nodeUID.isEmpty { extra[Self.nodeUIDKey] = [nodeUID] }
    }
    return extra
  }

  /// `authentication.k8s.io/v1` UserInfo (`uid` and empty `extra` omitted, as Go's omitempty).
  public var userInfo: JSONValue {
    var info: JSONValue = ["username": .string(username), "groups": .array(groups.map { .string($0) })]
    if !uid.isEmpty { info["uid"] = .string(uid) }
    let extra = self.extra
    if !extra.isEmpty {
      var members: [String: JSONValue] = [:]
      for (key, values) in extra { members[key] = .array(values.map { .string($0) }) }
      info["extra"] = .object(members)
    }
    return info
  }
}
