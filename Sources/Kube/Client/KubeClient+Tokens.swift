import Foundation

/// The authentication APIs: TokenReview (is this token genuine, and whose?) and TokenRequest
/// (issue a service-account token for an audience).
extension KubeClient {
  /// Asks the API server to verify `token` for `audiences` (the CA uses `istio-ca`); the answer is
  /// the review with its status filled in.
  public func reviewToken(_ token: String, audiences: [String]) async throws(KubeAPIError) -> TokenReview {
    let review = TokenReview(token: token, audiences: audiences)
    let bytes = try await send(
      .POST, path: ResourceType.tokenReview.collectionPath(namespace: nil), body: review.object.serialized())
    return TokenReview(try Self.decodeObject(bytes))
  }

  /// Issues a token for `namespace/serviceAccount`, optionally bound to a pod (it dies with the pod).
  public func requestToken(
    namespace: String, serviceAccount: String, audiences: [String], expirationSeconds: Int = 3600,
    boundPod: (name: String, uid: String)? = nil
  ) async throws(KubeAPIError) -> (token: String, expiration: Date?) {
    let request = TokenRequest(
      audiences: audiences, expirationSeconds: expirationSeconds,
      boundObjectRef: boundPod.map { BoundObjectReference.pod(name: $0.name, uid: $0.uid) })
    let path = ResourceType.serviceAccount.objectPath(namespace: namespace, name: serviceAccount) + "/token"
    let answer = TokenRequest(
      try Self.decodeObject(try await send(.POST, path: path, body: request.object.serialized())))
    guard let token = answer.token, !token.isEmpty else {
      throw KubeAPIError(.internalError, "TokenRequest for \(namespace)/\(serviceAccount) returned no token")
    }
    return (token, answer.expirationTimestamp)
  }
}
