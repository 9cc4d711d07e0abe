import Foundation
import Kube
import Testing

@Suite("Types: TokenReview and TokenRequest")
struct TypesAuthenticationTests {
  @Test("a TokenReview request body carries the token and audiences and nothing else")
  func reviewRequest() {
    let review = TokenReview(token: "eyJhbGciOi", audiences: ["istio-ca"])
    #expect(
      review.object.json == [
        "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "metadata": [:],
        "spec": ["token": "eyJhbGciOi", "audiences": ["istio-ca"]],
      ])
    #expect(review.token == "eyJhbGciOi")
    #expect(review.audiences == ["istio-ca"])
    #expect(!review.authenticated)
    #expect(review.user == nil)
    #expect(TokenReview(token: "t").object.json["spec"] == ["token": "t"])
  }

  @Test("reads the API server's answer for a bound service-account token")
  func reviewResponse() throws {
    let json = #"""
      {"kind":"TokenReview","apiVersion":"authentication.k8s.io/v1","metadata":{"creationTimestamp":null},
       "spec":{"token":"eyJ","audiences":["istio-ca"]},
       "status":{"authenticated":true,
         "user":{"username":"system:serviceaccount:ambient-apps:sleep-ambient","uid":"5b1",
           "groups":["system:serviceaccounts","system:serviceaccounts:ambient-apps","system:authenticated"],
           "extra":{"authentication.kubernetes.io/pod-name":["sleep-ambient-7c9"],
                    "authentication.kubernetes.io/pod-uid":["a4e"]}},
         "audiences":["istio-ca"]}}
      """#
    let review = TokenReview(try KubeObject.parse(Array(json.utf8)))
    #expect(review.authenticated)
    #expect(review.statusAudiences == ["istio-ca"])
    #expect(review.error == nil)
    let user = try #require(review.user)
    #expect(user.uid == "5b1")
    #expect(user.groups.count == 3)
    #expect(user.extra["authentication.kubernetes.io/pod-name"] == ["sleep-ambient-7c9"])
    #expect(user.serviceAccount?.namespace == "ambient-apps")
    #expect(user.serviceAccount?.name == "sleep-ambient")
    #expect(UserInfo(username: "system:admin").serviceAccount == nil)
    #expect(UserInfo(username: "system:serviceaccount:ns").serviceAccount == nil)
  }

  @Test("the dev API server writes a rejection into the request it answers")
  func reviewAnswer() {
    var review = TokenReview(token: "forged", audiences: ["istio-ca"])
    review.authenticated = false
    review.error = "token signature is invalid"
    #expect(review.object.json["status"] == ["authenticated": false, "error": "token signature is invalid"])

    review.authenticated = true
    review.error = nil
    review.user = UserInfo(username: "system:serviceaccount:a:b", groups: ["system:authenticated"])
    review.statusAudiences = ["istio-ca"]
    #expect(
      review.object.json["status"] == [
        "authenticated": true, "audiences": ["istio-ca"],
        "user": ["username": "system:serviceaccount:a:b", "groups": ["system:authenticated"]],
      ])
  }

  @Test("a TokenRequest body binds the token to a pod")
  func tokenRequest() throws {
    var request = TokenRequest(
      audiences: ["istio-ca"], expirationSeconds: 3600, boundObjectRef: .pod(name: "ztunnel-abc", uid: "u-1"))
    #expect(
      request.object.json == [
        "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "metadata": [:],
        "spec": [
          "audiences": ["istio-ca"], "expirationSeconds": 3600,
          "boundObjectRef": ["kind": "Pod", "apiVersion": "v1", "name": "ztunnel-abc", "uid": "u-1"],
        ],
      ])
    #expect(request.audiences == ["istio-ca"])
    #expect(request.expirationSeconds == 3600)
    #expect(request.boundObjectRef == BoundObjectReference(kind: "Pod", name: "ztunnel-abc", uid: "u-1"))
    #expect(request.token == nil && request.expirationTimestamp == nil)

    let expiry = Date(timeIntervalSince1970: 1_714_561_200)
    request.token = "eyJ.payload.sig"
    request.expirationTimestamp = expiry
    #expect(
      request.object.json["status"] == ["token": "eyJ.payload.sig", "expirationTimestamp": "2024-05-01T11:00:00Z"])
    #expect(request.expirationTimestamp == expiry)

    let minimal = TokenRequest(audiences: [])
    #expect(minimal.object.json["spec"] == [:])
    #expect(minimal.expirationSeconds == nil && minimal.boundObjectRef == nil)
  }
}
