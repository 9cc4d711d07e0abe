import Kube

/// Who sent a request. The dev cluster does not enforce RBAC: every authenticated caller may do
/// everything, so this only decides between 401 and an answer (and fills SelfSubjectReview).
enum Caller: Sendable {
  /// The kubeconfig's admin token.
  case admin
  /// A service-account JWT for the API audience whose ServiceAccount (and bound pod) still exist.
  case serviceAccount(ServiceAccountUser)
  /// No credentials: allowed only on health, version and OIDC discovery paths.
  case anonymous

  /// `UserInfo` as TokenReview and SelfSubjectReview show it.
  var userInfo: JSONValue {
    switch self {
    case .admin:
      ["username": "dev-admin", "groups": ["system:masters", "system:authenticated"]]
    case .serviceAccount(let user):
      user.userInfo
    case .anonymous:
      ["username": "system:anonymous", "groups": ["system:unauthenticated"]]
    }
  }
}
