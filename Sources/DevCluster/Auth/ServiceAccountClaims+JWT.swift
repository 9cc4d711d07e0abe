import Foundation
import Kube

/// The JWT payload layout of Kubernetes service-account tokens (`pkg/serviceaccount/claims.go`):
/// registered claims plus a private `kubernetes.io` claim naming the account and bound objects.
extension ServiceAccountClaims {
  static let privateClaim = "kubernetes.io"

  var jwtPayload: JSONValue {
    var kubernetes: JSONValue = [
      "namespace": .string(namespace),
      "serviceaccount": Self.reference(name: serviceAccountName, uid: serviceAccountUID),
    ]
    if let podName { kubernetes["pod"] = Self.reference(name: podName, uid: podUID) }
    if let secretName { kubernetes["secret"] = Self.reference(name: secretName, uid: secretUID) }
    if let nodeName { kubernetes["node"] = Self.reference(name: nodeName, uid: nodeUID) }
    var payload: JSONValue = [
      "aud": .array(audiences.map { .string($0) }),
      "exp": .int(Int64(expiresAt.timeIntervalSince1970)),
      "iat": .int(Int64(issuedAt.timeIntervalSince1970)),
      "nbf": .int(Int64(notBefore.timeIntervalSince1970)),
      "iss": .string(issuer),
      "sub": .string(username),
      Self.privateClaim: kubernetes,
    ]
    if !id.isEmpty { payload["jti"] = .string(id) }
    return payload
  }

  /// Reads a verified token's payload; anything missing or mistyped makes the token malformed.
  init(jwtPayload payload: JSONValue) throws(TokenRejection) {
    guard payload.objectValue != nil else { throw Self.malformed("the payload is not a JSON object") }
    guard let issuer = payload["iss"]?.stringValue else { throw Self.malformed("the iss claim is missing") }
    guard let expiresAt = Self.numericDate(payload["exp"]) else {
      throw Self.malformed("the exp claim is missing or not a number")
    }
    guard let issuedAt = Self.numericDate(payload["iat"]) else {
      throw Self.malformed("the iat claim is missing or not a number")
    }
    var notBefore = issuedAt
    if let value = payload["nbf"], !value.isNull {
      guard let date = Self.numericDate(value) else { throw Self.malformed("the nbf claim is not a number") }
      notBefore = date
    }
    var audiences: [String] = []
    switch payload["aud"] {
    case .string(let audience)?: audiences = [audience]
    case .array(let elements)?:
      for element in elements {
        guard let audience = element.stringValue else { throw Self.malformed("the aud claim holds a non-string") }
        audiences.append(audience)
      }
    case nil, .null?: break
    default: throw Self.malformed("the aud claim is neither a string nor a list of strings")
    }
    guard let kubernetes = payload[Self.privateClaim], kubernetes.objectValue != nil else {
      throw Self.malformed("the \(Self.privateClaim) claim is missing: not a service-account token")
    }
    guard let namespace = kubernetes["namespace"]?.stringValue, !namespace.isEmpty else {
      throw Self.malformed("\(Self.privateClaim).namespace is missing")
    }
    guard let account = kubernetes["serviceaccount"], let accountName = account["name"]?.stringValue,
      !accountName.isEmpty
    else { throw Self.malformed("\(Self.privateClaim).serviceaccount.name is missing") }
    let pod = try Self.optionalReference(kubernetes["pod"], field: "pod")
    let secret = try Self.optionalReference(kubernetes["secret"], field: "secret")
    let node = try Self.optionalReference(kubernetes["node"], field: "node")
    self.init(
      namespace: namespace, serviceAccountName: accountName, serviceAccountUID: account["uid"]?.stringValue ?? "",
      podName: pod?.name, podUID: pod?.uid, secretName: secret?.name, secretUID: secret?.uid, nodeName: node?.name,
      nodeUID: node?.uid, audiences: audiences, issuedAt: issuedAt, notBefore: notBefore, expiresAt: expiresAt,
      issuer: issuer, id: payload["jti"]?.stringValue ?? "")
    if let subject = payload["sub"]?.stringValue, subject != username {
      throw Self.malformed("the sub claim \(subject) does not name \(username)")
    }
  }

  private static func reference(name: String, uid: String?) -> JSONValue {
    var reference: JSONValue = ["name": .string(name)]
    if let uid, !uid.isEmpty { reference["uid"] = .string(uid) }
    return reference
  }

  private static func optionalReference(
    _ value: JSONValue?, field: String
  ) throws(TokenRejection) -> (name: String, uid: String?)? {
    guard let value, !value.isNull else { return nil }
    guard let name = value["name"]?.stringValue, !name.isEmpty else {
      throw malformed("\(privateClaim).\(field).name is missing")
    }
    return (name, value["uid"]?.stringValue)
  }

  /// Seconds since the epoch; fractions are allowed by RFC 7519 and dropped here.
  private static func numericDate(_ value: JSONValue?) -> Date? {
    switch value {
    case .int(let seconds)?: return Date(timeIntervalSince1970: TimeInterval(seconds))
    case .double(let seconds)? where seconds.isFinite: return Date(timeIntervalSince1970: seconds.rounded(.down))
    default: return nil
    }
  }

  private static func malformed(_ detail: String) -> TokenRejection {
    TokenRejection(.malformed, "malformed service account token: \(detail)")
  }
}
