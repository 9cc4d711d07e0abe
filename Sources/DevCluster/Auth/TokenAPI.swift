import Foundation
import Kube

/// The TokenRequest and TokenReview APIs as pure functions over JSON bodies; the server does the
/// I/O and passes a lookup into its store. Behaviour and error texts follow kube-apiserver
/// (`pkg/registry/core/serviceaccount/storage/token.go`, `pkg/registry/authentication/tokenreview`)
/// so that kubelet-style and Istio-style clients see what a real cluster answers.
public enum TokenAPI {
  /// Reads one object from the store: `(type, namespace, name)`; namespace is "" for nodes.
  public typealias Lookup = (ResourceType, _ namespace: String, _ name: String) -> KubeObject?

  public static let defaultExpirationSeconds: Int64 = 3600
  /// Shorter lifetimes are refused (Kubernetes' validation: 10 minutes).
  public static let minExpirationSeconds: Int64 = 600
  /// Longer requests are shortened to this (`--service-account-max-token-expiration`).
  public static let maxExpirationSeconds: Int64 = 48 * 3600

  static let apiVersion = "authentication.k8s.io/v1"

  /// POST /api/v1/namespaces/NS/serviceaccounts/NAME/token. `request` is the TokenRequest body
  /// (`spec: {audiences, expirationSeconds, boundObjectRef: {kind: Pod, apiVersion: v1, name, uid}}`).
  /// expirationSeconds defaults to 3600, must be at least 600 (else 422 Invalid with a cause on
  /// spec.expirationSeconds) and is clamped to 48h. boundObjectRef kind must be Pod, Secret or
  /// Node; the object must exist (404) and its uid match if given (409 Conflict, as Kubernetes).
  /// Returns the TokenRequest with status {token, expirationTimestamp (RFC 3339, UTC, "Z")}.
  public static func requestToken(
    _ request: JSONValue, serviceAccount: KubeObject, issuer: ServiceAccountTokenIssuer, lookup: Lookup, now: Date
  ) throws(KubeAPIError) -> JSONValue {
    try checkEnvelope(request, kind: "TokenRequest")
    let namespace = serviceAccount.namespace
    let name = serviceAccount.name
    if let requested = request.value(at: ["metadata", "name"])?.stringValue, !requested.isEmpty, requested != name {
      throw invalid(
        kind: "TokenRequest", name: name, field: "metadata.name", value: quoted(requested),
        detail: "must match the service account name if specified")
    }
    if let requested = request.value(at: ["metadata", "namespace"])?.stringValue, !requested.isEmpty,
      requested != namespace
    {
      throw invalid(
        kind: "TokenRequest", name: name, field: "metadata.namespace", value: quoted(requested),
        detail: "must match the service account namespace if specified")
    }

    let spec = request["spec"] ?? .object([:])
    var audiences = try stringList(spec["audiences"], field: "spec.audiences")
    if audiences.isEmpty { audiences = [ServiceAccountTokenIssuer.apiAudience] }
    var expirationSeconds = defaultExpirationSeconds
    if let value = spec["expirationSeconds"], !value.isNull {
      guard let seconds = value.intValue else {
        throw KubeAPIError(
          .badRequest, "spec.expirationSeconds must be an integer number of seconds, not \(value.jsonText)")
      }
      expirationSeconds = seconds
    }
    if expirationSeconds < minExpirationSeconds {
      throw invalid(
        kind: "TokenRequest", name: "", field: "spec.expirationSeconds", value: String(expirationSeconds),
        detail: "may not specify a duration less than 10 minutes")
    }
    if expirationSeconds > Int64(UInt32.max) {
      throw invalid(
        kind: "TokenRequest", name: "", field: "spec.expirationSeconds", value: String(expirationSeconds),
        detail: "may not specify a duration more than \(UInt32.max) seconds")
    }
    let bound = try boundObjects(
      spec["boundObjectRef"], namespace: namespace, serviceAccountName: name, lookup: lookup)
    expirationSeconds = min(expirationSeconds, maxExpirationSeconds)

    let issuedAt = ServiceAccountClaims.wholeSeconds(now)
    let expiresAt = issuedAt.addingTimeInterval(TimeInterval(expirationSeconds))
    let claims = ServiceAccountClaims(
      namespace: namespace, serviceAccountName: name, serviceAccountUID: serviceAccount.uid, podName: bound.pod?.name,
      podUID: bound.pod?.uid, secretName: bound.secret?.name, secretUID: bound.secret?.uid, nodeName: bound.node?.name,
      nodeUID: bound.node?.uid, audiences: audiences, issuedAt: issuedAt, expiresAt: expiresAt, issuer: issuer.issuer)

    var response = request
    response["apiVersion"] = .string(apiVersion)
    response["kind"] = "TokenRequest"
    var metadata = request["metadata"] ?? .object([:])
    if metadata.objectValue == nil { metadata = .object([:]) }
    metadata["name"] = .string(name)
    metadata["namespace"] = .string(namespace)
    metadata["creationTimestamp"] = .string(timestamp(issuedAt))
    response["metadata"] = metadata
    var responseSpec = spec.objectValue != nil ? spec : .object([:])
    responseSpec["audiences"] = .array(audiences.map { .string($0) })
    responseSpec["expirationSeconds"] = .int(expirationSeconds)
    response["spec"] = responseSpec
    response["status"] = [
      "token": .string(issuer.issue(claims)), "expirationTimestamp": .string(timestamp(expiresAt)),
    ]
    return response
  }

  /// Rejects bodies that are not objects or declare another kind or API version (400, as the
  /// API server's decoder does).
  static func checkEnvelope(_ request: JSONValue, kind: String) throws(KubeAPIError) {
    guard request.objectValue != nil else {
      throw KubeAPIError(.badRequest, "the \(kind) body must be a JSON object")
    }
    if let declared = request["kind"]?.stringValue, !declared.isEmpty, declared != kind {
      throw KubeAPIError(.badRequest, "the body is a \(declared), but this endpoint takes a \(kind)")
    }
    if let declared = request["apiVersion"]?.stringValue, !declared.isEmpty, declared != apiVersion {
      throw KubeAPIError(.badRequest, "\(kind) is served as \(apiVersion), not \(declared)")
    }
  }

  /// A list of strings (absent or null: empty); anything else is the decode error a Go server gives.
  static func stringList(_ value: JSONValue?, field: String) throws(KubeAPIError) -> [String] {
    guard let value, !value.isNull else { return [] }
    guard let elements = value.arrayValue else {
      throw KubeAPIError(.badRequest, "\(field) must be a list of strings, not \(value.jsonText)")
    }
    var strings: [String] = []
    for element in elements {
      guard let string = element.stringValue else {
        throw KubeAPIError(.badRequest, "\(field) must be a list of strings, but holds \(element.jsonText)")
      }
      strings.append(string)
    }
    return strings
  }

  /// `Kind.authentication.k8s.io "name" is invalid: field: Invalid value: value: detail` (422).
  static func invalid(kind: String, name: String, field: String, value: String, detail: String) -> KubeAPIError {
    let body = "Invalid value: \(value): \(detail)"
    return KubeAPIError(
      .invalid, "\(kind).authentication.k8s.io \"\(name)\" is invalid: \(field): \(body)",
      name: name.isEmpty ? nil : name, group: "authentication.k8s.io", kind: kind,
      causes: [KubeAPIError.Cause(field: field, message: body)])
  }

  static func quoted(_ value: String) -> String { JSONValue.string(value).jsonText }

  /// `metav1.Time` on the wire: RFC 3339 in UTC at whole seconds with a `Z` suffix.
  static func timestamp(_ date: Date) -> String {
    ServiceAccountClaims.wholeSeconds(date).formatted(.iso8601)
  }
}
