import DevCluster
import Foundation
import Kube
import MeshTestSupport
import Testing

/// A store for TokenAPI tests: objects by type, namespace and name.
struct TokenTestStore {
  var objects: [String: KubeObject] = [:]

  static func key(_ type: ResourceType, _ namespace: String, _ name: String) -> String {
    "\(type.plural)/\(namespace)/\(name)"
  }

  mutating func put(_ object: KubeObject, as type: ResourceType) {
    objects[Self.key(type, object.namespace, object.name)] = object
  }

  mutating func remove(_ type: ResourceType, _ namespace: String, _ name: String) {
    objects[Self.key(type, namespace, name)] = nil
  }

  func lookup(_ type: ResourceType, _ namespace: String, _ name: String) -> KubeObject? {
    objects[Self.key(type, namespace, name)]
  }

  static func object(
    _ type: ResourceType, namespace: String?, name: String, uid: String, spec: JSONValue? = nil
  ) -> KubeObject {
    var object = KubeObject(type: type, namespace: namespace, name: name)
    object.uid = uid
    if let spec { object.spec = spec }
    return object
  }

  /// Namespace `demo` with service account `app`, pod `app-1` running as it on `node-1`, a secret
  /// and the node.
  static func demo() -> TokenTestStore {
    var store = TokenTestStore()
    store.put(object(.serviceAccount, namespace: "demo", name: "app", uid: "sa-uid"), as: .serviceAccount)
    store.put(
      object(
        .pod, namespace: "demo", name: "app-1", uid: "pod-uid",
        spec: ["serviceAccountName": "app", "nodeName": "node-1"]), as: .pod)
    store.put(object(.pod, namespace: "demo", name: "other-1", uid: "other-uid", spec: [:]), as: .pod)
    store.put(object(.secret, namespace: "demo", name: "app-token", uid: "secret-uid"), as: .secret)
    store.put(object(.node, namespace: nil, name: "node-1", uid: "node-uid"), as: .node)
    return store
  }

  var serviceAccount: KubeObject { lookup(.serviceAccount, "demo", "app")! }
}

@Suite("TokenRequest API")
struct ServiceAccountTokenRequestTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000.75)

  static func request(_ spec: JSONValue) -> JSONValue {
    ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": spec]
  }

  static let podRef: JSONValue = ["kind": "Pod", "apiVersion": "v1", "name": "app-1", "uid": "pod-uid"]

  /// The key stays in memory; the directory may go when the test's `TempDir` does.
  private func issuer() throws -> ServiceAccountTokenIssuer {
    let temp = try TempDir()
    return try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
  }

  private func apiError(_ body: () throws(KubeAPIError) -> JSONValue) -> KubeAPIError? {
    do {
      _ = try body()
      return nil
    } catch {
      return error
    }
  }

  @Test("a pod-bound request returns a token for the pod, its node and the API audience, expiring in an hour")
  func podBound() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let response = try TokenAPI.requestToken(
      Self.request(["boundObjectRef": Self.podRef]), serviceAccount: store.serviceAccount, issuer: issuer,
      lookup: store.lookup, now: now)

    #expect(response["kind"] == "TokenRequest")
    #expect(response["apiVersion"] == "authentication.k8s.io/v1")
    #expect(response.value(at: ["metadata", "name"]) == "app")
    #expect(response.value(at: ["metadata", "namespace"]) == "demo")
    #expect(response.value(at: ["spec", "expirationSeconds"]) == .int(3600))
    #expect(response.value(at: ["spec", "audiences"]) == [.string(ServiceAccountTokenIssuer.apiAudience)])
    #expect(response.value(at: ["spec", "boundObjectRef"]) == Self.podRef)
    // 1_800_003_600 is 2027-01-15T09:00:00Z: whole seconds, UTC, "Z".
    #expect(response.value(at: ["status", "expirationTimestamp"]) == "2027-01-15T09:00:00Z")

    let token = try #require(response.value(at: ["status", "token"])?.stringValue)
    let claims = try issuer.verify(token, audiences: [], now: now).get()
    #expect(claims.username == "system:serviceaccount:demo:app")
    #expect(claims.serviceAccountUID == "sa-uid")
    #expect(claims.podName == "app-1")
    #expect(claims.podUID == "pod-uid")
    #expect(claims.nodeName == "node-1")
    #expect(claims.nodeUID == "node-uid")
    #expect(claims.expiresAt == Date(timeIntervalSince1970: 1_800_003_600))
    #expect(claims.audiences == [ServiceAccountTokenIssuer.apiAudience])
  }

  @Test("custom audiences and a secret binding are honoured; long lifetimes are clamped to 48 hours")
  func audiencesAndClamp() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let response = try TokenAPI.requestToken(
      Self.request([
        "audiences": ["istio-ca"], "expirationSeconds": .int(7 * 86400),
        "boundObjectRef": ["kind": "Secret", "apiVersion": "v1", "name": "app-token"],
      ]), serviceAccount: store.serviceAccount, issuer: issuer, lookup: store.lookup, now: now)
    #expect(response.value(at: ["spec", "expirationSeconds"]) == .int(172_800))
    let token = try #require(response.value(at: ["status", "token"])?.stringValue)
    let claims = try issuer.verify(token, audiences: ["istio-ca"], now: now).get()
    #expect(claims.secretName == "app-token")
    #expect(claims.secretUID == "secret-uid")
    #expect(claims.podName == nil)
    #expect(claims.expiresAt.timeIntervalSince(claims.issuedAt) == 172_800)
  }

  @Test("expirationSeconds under 10 minutes is 422 Invalid on spec.expirationSeconds")
  func tooShort() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let error = apiError { () throws(KubeAPIError) in
      try TokenAPI.requestToken(
        Self.request(["expirationSeconds": 10]), serviceAccount: store.serviceAccount, issuer: issuer,
        lookup: store.lookup, now: now)
    }
    #expect(error?.code == 422)
    #expect(error?.reason == .invalid)
    #expect(error?.causes.first?.field == "spec.expirationSeconds")
    #expect(
      error?.message
        == #"TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 10: may not specify a duration less than 10 minutes"#
    )
    #expect(error?.statusObject.value(at: ["details", "kind"]) == "TokenRequest")
  }

  @Test(
    "bindings Kubernetes refuses are refused with its status codes",
    arguments: [
      (["kind": "Pod", "apiVersion": "v1", "name": "gone"] as JSONValue, 404, #"pods "gone" not found"#),
      (
        ["kind": "Pod", "apiVersion": "v1", "name": "app-1", "uid": "stale"] as JSONValue, 409, "(stale) does not match"
      ),
      (["kind": "Pod", "apiVersion": "v1", "name": "other-1"] as JSONValue, 400, "different serviceaccount name"),
      (["kind": "Secret", "apiVersion": "v1", "name": "nope"] as JSONValue, 404, #"secrets "nope" not found"#),
      (
        ["kind": "Deployment", "apiVersion": "apps/v1", "name": "app"] as JSONValue, 400,
        "cannot bind token to object of type apps/v1, Kind=Deployment"
      ),
    ])
  func refusedBindings(reference: JSONValue, code: Int, text: String) throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let error = apiError { () throws(KubeAPIError) in
      try TokenAPI.requestToken(
        Self.request(["boundObjectRef": reference]), serviceAccount: store.serviceAccount, issuer: issuer,
        lookup: store.lookup, now: now)
    }
    #expect(error?.code == code)
    #expect(error?.message.contains(text) == true, "\(String(describing: error))")
  }

  @Test("a body naming another service account is 422; a body of another kind is 400")
  func envelope() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let renamed = apiError { () throws(KubeAPIError) in
      try TokenAPI.requestToken(
        ["kind": "TokenRequest", "metadata": ["name": "admin"], "spec": [:]], serviceAccount: store.serviceAccount,
        issuer: issuer, lookup: store.lookup, now: now)
    }
    #expect(renamed?.code == 422)
    #expect(renamed?.causes.first?.field == "metadata.name")
    let wrongKind = apiError { () throws(KubeAPIError) in
      try TokenAPI.requestToken(
        ["kind": "TokenReview", "spec": [:]], serviceAccount: store.serviceAccount, issuer: issuer,
        lookup: store.lookup, now: now)
    }
    #expect(wrongKind?.code == 400)
    let badAudiences = apiError { () throws(KubeAPIError) in
      try TokenAPI.requestToken(
        Self.request(["audiences": "istio-ca"]), serviceAccount: store.serviceAccount, issuer: issuer,
        lookup: store.lookup, now: now)
    }
    #expect(badAudiences?.code == 400)
  }
}
