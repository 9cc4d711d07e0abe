import DevCluster
import Foundation
import Kube
import MeshTestSupport
import Testing

@Suite("TokenReview API")
struct TokenReviewTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  private func issuer() throws -> ServiceAccountTokenIssuer {
    let temp = try TempDir()
    return try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
  }

  /// A token from the TokenRequest API, as a kubelet would get it for a pod.
  private func requestToken(
    _ issuer: ServiceAccountTokenIssuer, store: TokenTestStore, audiences: [String] = [], bindPod: Bool = true
  ) throws -> String {
    var spec: JSONValue = [:]
    if bindPod { spec["boundObjectRef"] = ServiceAccountTokenRequestTests.podRef }
    if !audiences.isEmpty { spec["audiences"] = .array(audiences.map { .string($0) }) }
    let response = try TokenAPI.requestToken(
      ServiceAccountTokenRequestTests.request(spec), serviceAccount: store.serviceAccount, issuer: issuer,
      lookup: store.lookup, now: now)
    return try #require(response.value(at: ["status", "token"])?.stringValue)
  }

  private func review(
    _ token: String, audiences: [String]? = nil, issuer: ServiceAccountTokenIssuer, store: TokenTestStore,
    at time: Date? = nil
  ) throws -> JSONValue {
    var spec: JSONValue = ["token": .string(token)]
    if let audiences { spec["audiences"] = .array(audiences.map { .string($0) }) }
    let request: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": spec]
    let response = try TokenAPI.review(request, issuer: issuer, lookup: store.lookup, now: time ?? now)
    return try #require(response["status"])
  }

  @Test("request then review: authenticated as the service account with the bound pod and node in extra")
  func roundTrip() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let token = try requestToken(issuer, store: store)
    let status = try review(token, issuer: issuer, store: store)

    #expect(status["authenticated"] == true)
    #expect(status["error"] == nil)
    #expect(status["audiences"] == [.string(ServiceAccountTokenIssuer.apiAudience)])
    let user = try #require(status["user"])
    #expect(user["username"] == "system:serviceaccount:demo:app")
    #expect(user["uid"] == "sa-uid")
    #expect(user["groups"] == ["system:serviceaccounts", "system:serviceaccounts:demo", "system:authenticated"])
    let extra = try #require(user["extra"])
    #expect(extra["authentication.kubernetes.io/pod-name"] == ["app-1"])
    #expect(extra["authentication.kubernetes.io/pod-uid"] == ["pod-uid"])
    #expect(extra["authentication.kubernetes.io/node-name"] == ["node-1"])
    #expect(extra["authentication.kubernetes.io/node-uid"] == ["node-uid"])
    let claims = try issuer.verify(token, audiences: [], now: now).get()
    #expect(extra["authentication.kubernetes.io/credential-id"] == [.string("JTI=\(claims.id)")])
  }

  @Test("the review echoes the request and reports only the requested audiences the token has")
  func audiences() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let token = try requestToken(issuer, store: store, audiences: ["istio-ca", "vault"])
    let status = try review(token, audiences: ["istio-ca", "other"], issuer: issuer, store: store)
    #expect(status["authenticated"] == true)
    #expect(status["audiences"] == ["istio-ca"])

    let refused = try review(token, issuer: issuer, store: store)
    #expect(refused["authenticated"] == nil, "false is omitted, as Go's omitempty does")
    #expect(refused["user"] == .object([:]))
    #expect(
      refused["error"]?.stringValue
        == #"[invalid bearer token, token audiences ["istio-ca" "vault"] is invalid for the target audiences ["https://kubernetes.default.svc.cluster.local"]]"#
    )
  }

  @Test("a deleted service account, or one recreated with a new uid, no longer authenticates")
  func serviceAccountGone() throws {
    let issuer = try issuer()
    var store = TokenTestStore.demo()
    let token = try requestToken(issuer, store: store, bindPod: false)
    #expect(try review(token, issuer: issuer, store: store)["authenticated"] == true)

    store.remove(.serviceAccount, "demo", "app")
    let deleted = try review(token, issuer: issuer, store: store)
    #expect(deleted["authenticated"] == nil)
    #expect(deleted["error"] == #"[invalid bearer token, serviceaccounts "app" not found]"#)

    store.put(
      TokenTestStore.object(.serviceAccount, namespace: "demo", name: "app", uid: "new-uid"), as: .serviceAccount)
    let recreated = try review(token, issuer: issuer, store: store)
    #expect(recreated["authenticated"] == nil)
    #expect(
      recreated["error"] == "[invalid bearer token, service account UID (new-uid) does not match claim (sa-uid)]")
  }

  @Test("a token bound to a pod dies with the pod, after the deletion leeway")
  func podGone() throws {
    let issuer = try issuer()
    var store = TokenTestStore.demo()
    let token = try requestToken(issuer, store: store)

    var terminating = try #require(store.lookup(.pod, "demo", "app-1"))
    terminating.json.setValue("2027-01-15T07:59:50Z", at: ["metadata", "deletionTimestamp"])  // 10 s ago
    store.put(terminating, as: .pod)
    #expect(try review(token, issuer: issuer, store: store)["authenticated"] == true)
    terminating.json.setValue("2027-01-15T07:58:00Z", at: ["metadata", "deletionTimestamp"])  // 2 min ago
    store.put(terminating, as: .pod)
    let deleting = try review(token, issuer: issuer, store: store)
    #expect(deleting["authenticated"] == nil)
    #expect(deleting["error"]?.stringValue?.contains("service account token has been invalidated") == true)

    store.remove(.pod, "demo", "app-1")
    let gone = try review(token, issuer: issuer, store: store)
    #expect(gone["authenticated"] == nil)
    #expect(gone["error"]?.stringValue?.contains("bound pod demo/app-1 no longer exists") == true)

    store.put(
      TokenTestStore.object(
        .pod, namespace: "demo", name: "app-1", uid: "pod-uid-2", spec: ["serviceAccountName": "app"]), as: .pod)
    let replaced = try review(token, issuer: issuer, store: store)
    #expect(replaced["error"]?.stringValue?.contains("pod UID (pod-uid-2) does not match") == true)
  }

  @Test("an expired or garbage token is reviewed as not authenticated, with the reason")
  func expiredAndGarbage() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let token = try requestToken(issuer, store: store)
    let expired = try review(token, issuer: issuer, store: store, at: now.addingTimeInterval(3600 + 61))
    #expect(expired["error"] == "[invalid bearer token, service account token has expired]")
    let garbage = try review("not-a-jwt", issuer: issuer, store: store)
    #expect(garbage["authenticated"] == nil)
    #expect(garbage["error"]?.stringValue?.hasPrefix("[invalid bearer token, ") == true)
  }

  @Test("a review without a token is 400 BadRequest, as kube-apiserver answers")
  func missingToken() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    for spec: JSONValue in [[:], ["token": ""], ["audiences": ["x"]]] {
      let request: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": spec]
      do {
        _ = try TokenAPI.review(request, issuer: issuer, lookup: store.lookup, now: now)
        Issue.record("a review of no token must fail: \(spec.jsonText)")
      } catch {
        #expect(error.code == 400)
        #expect(error.message == "token is required for TokenReview in authentication")
      }
    }
  }

  @Test("TokenAPI.authenticate gives the server the user for a bearer token")
  func authenticate() throws {
    let issuer = try issuer()
    let store = TokenTestStore.demo()
    let token = try requestToken(issuer, store: store)
    let user = try TokenAPI.authenticate(token, audiences: [], issuer: issuer, lookup: store.lookup, now: now).get()
    #expect(user.username == "system:serviceaccount:demo:app")
    #expect(user.uid == "sa-uid")
    #expect(user.audiences == [ServiceAccountTokenIssuer.apiAudience])
    #expect(user.extra["authentication.kubernetes.io/pod-name"] == ["app-1"])
  }
}
