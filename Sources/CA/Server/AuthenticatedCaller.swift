/// A caller whose token was verified: its service account and, for pod-bound tokens, its pod.
public struct AuthenticatedCaller: Hashable, Sendable, CustomStringConvertible {
  public var namespace: String
  public var serviceAccount: String
  /// From the token's pod binding (`authentication.kubernetes.io/pod-name`), when present.
  public var podName: String?

  public init(namespace: String, serviceAccount: String, podName: String? = nil) {
    self.namespace = namespace
    self.serviceAccount = serviceAccount
    self.podName = podName
  }

  /// `namespace/serviceAccount`, the form trusted node accounts are configured in.
  public var account: String { "\(namespace)/\(serviceAccount)" }

  public var description: String { podName.map { "\(account) (pod \($0))" } ?? account }
}
