import Foundation
import Kube

extension APIService {
  /// POST of a create-only review kind: TokenReview (through `TokenAPI`), and the access reviews
  /// kubectl's `auth can-i` / `auth whoami` send, which say yes to everything (no RBAC here).
  func review(
    _ resource: ServedResource, request: APIRequest, caller: Caller, snapshot: ClusterSnapshot
  )
    throws(KubeAPIError) -> APIResponse
  {
    let body = try decodeBody(request)
    switch resource.type.kind {
    case ResourceType.tokenReview.kind:
      let answer = try TokenAPI.review(body, issuer: issuer, lookup: snapshot.lookup, now: Date())
      return .json(answer, status: 201)
    case BuiltinResources.selfSubjectAccessReview.kind:
      var answer = try reviewEnvelope(body, resource: resource)
      answer["status"] = [
        "allowed": true,
        "reason": "the dev cluster does not enforce RBAC: every authenticated caller may do everything",
      ]
      return .json(answer, status: 201)
    case BuiltinResources.selfSubjectReview.kind:
      var answer = try reviewEnvelope(body, resource: resource)
      answer["status"] = ["userInfo": caller.userInfo]
      return .json(answer, status: 201)
    default:
      throw KubeAPIError.methodNotAllowed(request.method)
    }
  }

  private func reviewEnvelope(_ body: JSONValue, resource: ServedResource) throws(KubeAPIError) -> JSONValue {
    var object = try ObjectIdentity.check(body, resource: resource, namespace: nil, name: nil).json
    if object["metadata"]?.objectValue == nil { object["metadata"] = .object([:]) }
    object.setValue(.string(Timestamps.format(Date())), at: ["metadata", "creationTimestamp"])
    return object
  }

  /// POST /api/v1/namespaces/NS/serviceaccounts/NAME/token (TokenRequest).
  func requestToken(
    serviceAccount name: String, namespace: String, request: APIRequest, snapshot: ClusterSnapshot
  )
    throws(KubeAPIError) -> APIResponse
  {
    let ref = ObjectRef(storageKey: ResourceType.serviceAccount.qualifiedName, namespace: namespace, name: name)
    guard let account = snapshot.get(ref) else {
      throw KubeAPIError.notFound(
        qualifiedResource: "serviceaccounts", group: "", plural: "serviceaccounts", name: name)
    }
    let body = try decodeBody(request)
    let answer = try TokenAPI.requestToken(
      body, serviceAccount: account.object, issuer: issuer, lookup: snapshot.lookup, now: Date())
    return .json(answer, status: 201)
  }
}
