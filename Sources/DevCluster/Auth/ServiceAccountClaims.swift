import Foundation

/// What a service-account token says: who (namespace, service account), bound to what (pod,
/// secret, node), for whom (audiences) and when. The same claims Kubernetes puts in projected and
/// TokenRequest tokens, so Istio and client-go read ours as they read a real cluster's.
public struct ServiceAccountClaims: Sendable, Hashable {
  public var namespace: String
  public var serviceAccountName: String
  public var serviceAccountUID: String
  /// The pod the token is bound to: it stops authenticating when that pod is gone.
  public var podName: String?
  public var podUID: String?
  /// The secret the token is bound to, when bound to a secret instead of a pod.
  public var secretName: String?
  public var secretUID: String?
  /// The node: the bound pod's node (informational), or the bound node itself.
  public var nodeName: String?
  public var nodeUID: String?
  public var audiences: [String]
  public var issuedAt: Date
  public var notBefore: Date
  public var expiresAt: Date
  public var issuer: String
  /// The `jti`: identifies this credential in audit logs (`authentication.kubernetes.io/credential-id`).
  public var id: String

  /// Times are truncated to whole seconds, as a JWT `NumericDate` carries them, so the claims a
  /// verifier returns equal the claims issued.
  public init(
    namespace: String, serviceAccountName: String, serviceAccountUID: String, podName: String? = nil,
    podUID: String? = nil, secretName: String? = nil, secretUID: String? = nil, nodeName: String? = nil,
    nodeUID: String? = nil, audiences: [String], issuedAt: Date, notBefore: Date? = nil, expiresAt: Date,
    issuer: String = ServiceAccountTokenIssuer.defaultIssuer, id: String = UUID().uuidString.lowercased()
  ) {
    self.namespace = namespace
    self.serviceAccountName = serviceAccountName
    self.serviceAccountUID = serviceAccountUID
    self.podName = podName
    self.podUID = podUID
    self.secretName = secretName
    self.secretUID = secretUID
    self.nodeName = nodeName
    self.nodeUID = nodeUID
    self.audiences = audiences
    self.issuedAt = Self.wholeSeconds(issuedAt)
    self.notBefore = Self.wholeSeconds(notBefore ?? issuedAt)
    self.expiresAt = Self.wholeSeconds(expiresAt)
    self.issuer = issuer
    self.id = id
  }

  /// The `sub` claim and the user name Kubernetes authenticates the token as.
  public var username: String { "system:serviceaccount:\(namespace):\(serviceAccountName)" }

  /// The groups every service account belongs to.
  public var groups: [String] {
    ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", "system:authenticated"]
  }

  static func wholeSeconds(_ date: Date) -> Date {
    Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
  }
}
