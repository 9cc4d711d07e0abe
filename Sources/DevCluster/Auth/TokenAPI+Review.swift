import Foundation
import Kube

extension TokenAPI {
  /// POST /apis/authentication.k8s.io/v1/tokenreviews. Answers `{status: {authenticated, user:
  /// {username, uid, groups, extra}, audiences, error}}` as Kubernetes does: a token that does not
  /// authenticate is still a successful review (`user: {}`, `error: "[invalid bearer token, ...]"`,
  /// `authenticated` omitted). spec.audiences defaults to the API audience. A token whose service
  /// account no longer exists or has another uid, or whose bound pod is gone or has another uid, is
  /// not authenticated. A missing spec.token is 400 BadRequest `token is required for TokenReview in
  /// authentication`, the registry's answer in kube-apiserver (not a 422 validation error).
  public static func review(
    _ request: JSONValue, issuer: ServiceAccountTokenIssuer, lookup: Lookup, now: Date
  ) throws(KubeAPIError) -> JSONValue {
    try checkEnvelope(request, kind: "TokenReview")
    if let namespace = request.value(at: ["metadata", "namespace"])?.stringValue, !namespace.isEmpty {
      throw KubeAPIError(.badRequest, "namespace is not allowed on this type: \(namespace)")
    }
    let spec = request["spec"] ?? .object([:])
    guard let token = spec["token"]?.stringValue, !token.isEmpty else {
      throw KubeAPIError(.badRequest, "token is required for TokenReview in authentication")
    }
    let audiences = try stringList(spec["audiences"], field: "spec.audiences")

    var status: JSONValue
    switch authenticate(token, audiences: audiences, issuer: issuer, lookup: lookup, now: now) {
    case .success(let user):
      status = ["authenticated": true, "user": user.userInfo]
      if !user.audiences.isEmpty { status["audiences"] = .array(user.audiences.map { .string($0) }) }
    case .failure(let rejection):
      status = ["user": .object([:]), "error": .string("[invalid bearer token, \(rejection.message)]")]
    }
    var response = request
    response["apiVersion"] = .string(apiVersion)
    response["kind"] = "TokenReview"
    if response["metadata"]?.objectValue == nil { response["metadata"] = .object([:]) }
    response["status"] = status
    return response
  }

  /// Authenticates a service-account bearer token: `issuer.verify` (signature, time, issuer,
  /// audience; empty `audiences` means the API audience) and then the store, as Kubernetes'
  /// validator does: the service account must exist with the token's uid, and a bound pod,
  /// secret or node must still exist with its uid. Objects deleted more than the leeway ago
  /// count as gone. The server uses this for `Authorization: Bearer` on every request.
  public static func authenticate(
    _ token: String, audiences: [String], issuer: ServiceAccountTokenIssuer, lookup: Lookup, now: Date
  ) -> Result<ServiceAccountUser, TokenRejection> {
    let requested = audiences.isEmpty ? [ServiceAccountTokenIssuer.apiAudience] : audiences
    let claims: ServiceAccountClaims
    switch issuer.verify(token, audiences: requested, now: now) {
    case .success(let verified): claims = verified
    case .failure(let rejection): return .failure(rejection)
    }
    if let rejection = storeRejection(claims, lookup: lookup, now: now) { return .failure(rejection) }
    let valid = requested.filter(claims.audiences.contains)
    return .success(ServiceAccountUser(claims: claims, audiences: valid))
  }

  /// Why the store says the verified token no longer stands, or `nil`. Messages are Kubernetes'
  /// (`pkg/serviceaccount/claims.go`), with the object named where Kubernetes only says
  /// "invalidated".
  static func storeRejection(_ claims: ServiceAccountClaims, lookup: Lookup, now: Date) -> TokenRejection? {
    let namespace = claims.namespace
    let accountName = claims.serviceAccountName
    guard let account = lookup(.serviceAccount, namespace, accountName) else {
      return TokenRejection(.invalidated, "serviceaccounts \"\(accountName)\" not found")
    }
    if isDeleted(account, now: now) {
      return TokenRejection(.invalidated, "service account \(namespace)/\(accountName) has been deleted")
    }
    if account.uid != claims.serviceAccountUID {
      return TokenRejection(
        .invalidated, "service account UID (\(account.uid)) does not match claim (\(claims.serviceAccountUID))")
    }
    if let secretName = claims.secretName {
      guard let secret = lookup(.secret, namespace, secretName), !isDeleted(secret, now: now) else {
        return invalidated("bound secret \(namespace)/\(secretName) no longer exists")
      }
      if secret.uid != (claims.secretUID ?? "") {
        return TokenRejection(
          .invalidated,
          "secret UID (\(secret.uid)) does not match service account secret ref claim (\(claims.secretUID ?? ""))")
      }
    }
    if let podName = claims.podName {
      guard let pod = lookup(.pod, namespace, podName), !isDeleted(pod, now: now) else {
        return invalidated("bound pod \(namespace)/\(podName) no longer exists")
      }
      if pod.uid != (claims.podUID ?? "") {
        return TokenRejection(
          .invalidated, "pod UID (\(pod.uid)) does not match service account pod ref claim (\(claims.podUID ?? ""))")
      }
    } else if let nodeName = claims.nodeName {
      // Only a token bound to the node itself depends on it; a pod-bound token names its node
      // for information.
      guard let node = lookup(.node, "", nodeName), !isDeleted(node, now: now) else {
        return invalidated("bound node \(nodeName) no longer exists")
      }
      if node.uid != (claims.nodeUID ?? "") {
        return TokenRejection(
          .invalidated,
          "node UID (\(node.uid)) does not match service account node ref claim (\(claims.nodeUID ?? ""))")
      }
    }
    return nil
  }

  private static func invalidated(_ detail: String) -> TokenRejection {
    TokenRejection(.invalidated, "service account token has been invalidated (\(detail))")
  }

  /// Deleted longer ago than the leeway: an object in graceful deletion keeps its tokens briefly.
  private static func isDeleted(_ object: KubeObject, now: Date) -> Bool {
    guard let text = object.deletionTimestamp, let deletedAt = parseTimestamp(text) else { return false }
    return deletedAt < now.addingTimeInterval(-ServiceAccountTokenIssuer.leeway)
  }

  static func parseTimestamp(_ text: String) -> Date? {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
  }
}
