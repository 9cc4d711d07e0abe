import DevCluster
import Foundation
import Kube
import MeshTestSupport
import Testing

/// Proves the tokens are standard ES256 JWTs: PyJWT (with `cryptography`) verifies ours using
/// only the JWKS, and ours verifies a token PyJWT signs with the same key.
@Suite("Service-account tokens: PyJWT interop")
struct ServiceAccountTokenInteropTests {
  static let verifyScript = """
    import json, sys, jwt
    jwks, token, audience, issuer = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    jwk = jwt.PyJWK(jwks["keys"][0])
    header = jwt.get_unverified_header(token)
    assert header["kid"] == jwk.key_id, (header, jwk.key_id)
    claims = jwt.decode(token, jwk.key, algorithms=["ES256"], audience=audience, issuer=issuer,
                        options={"require": ["exp", "iat", "nbf", "iss", "sub", "aud", "jti"]})
    print(json.dumps(claims, sort_keys=True))
    """

  static let signScript = """
    import json, sys, jwt
    key = open(sys.argv[1]).read()
    print(jwt.encode(json.loads(sys.argv[2]), key, algorithm="ES256", headers={"kid": sys.argv[3]}))
    """

  @Test("PyJWT verifies an issued token with the JWKS public key, and refuses a tampered one")
  func pyjwtVerifies() async throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let now = Date()
    let claims = ServiceAccountClaims(
      namespace: "istio-system", serviceAccountName: "ztunnel", serviceAccountUID: "sa-uid", podName: "ztunnel-abc",
      podUID: "pod-uid", audiences: ["istio-ca"], issuedAt: now, expiresAt: now.addingTimeInterval(3600))
    let token = issuer.issue(claims)

    let output = try await Tool.ok([
      "python3", "-c", Self.verifyScript, issuer.jwks.jsonText, token, "istio-ca",
      ServiceAccountTokenIssuer.defaultIssuer,
    ])
    let decoded = try JSONParser.parse(output.trimmingCharacters(in: .whitespacesAndNewlines))
    #expect(decoded["sub"] == "system:serviceaccount:istio-system:ztunnel")
    #expect(decoded.value(at: ["kubernetes.io", "pod", "name"]) == "ztunnel-abc")
    #expect(decoded["jti"]?.stringValue == claims.id)

    var parts = JWTParts.segments(token)
    var signature = JWTParts.decode(parts[2])
    signature[40] ^= 0x80
    parts[2] = JWTParts.encode(signature)
    let refused = try await Tool.run([
      "python3", "-c", Self.verifyScript, issuer.jwks.jsonText, parts.joined(separator: "."), "istio-ca",
      ServiceAccountTokenIssuer.defaultIssuer,
    ])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("InvalidSignatureError"), "\(refused.stderr)")
  }

  @Test("a token PyJWT signs with the cluster key verifies; one without Kubernetes claims is malformed")
  func pyjwtSigned() async throws {
    let temp = try TempDir()
    let directory = temp.path("keys")
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: directory)
    let keyPath = directory + "/sa-signing-key.pem"
    let now = Int64(Date().timeIntervalSince1970)
    var payload: JSONValue = [
      "iss": .string(ServiceAccountTokenIssuer.defaultIssuer), "sub": "system:serviceaccount:demo:app",
      "aud": .string(ServiceAccountTokenIssuer.apiAudience), "iat": .int(now), "exp": .int(now + 600),
      "kubernetes.io": ["namespace": "demo", "serviceaccount": ["name": "app", "uid": "u1"]],
    ]
    let token = try await Tool.ok(["python3", "-c", Self.signScript, keyPath, payload.jsonText, issuer.keyID])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let claims = try issuer.verify(token, audiences: [], now: Date()).get()
    #expect(claims.audiences == [ServiceAccountTokenIssuer.apiAudience], "a single-string aud is accepted")
    #expect(claims.serviceAccountUID == "u1")
    #expect(claims.notBefore == claims.issuedAt)

    payload["kubernetes.io"] = nil
    let plain = try await Tool.ok(["python3", "-c", Self.signScript, keyPath, payload.jsonText, issuer.keyID])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard case .failure(let rejection) = issuer.verify(plain, audiences: [], now: Date()) else {
      Issue.record("a JWT without the kubernetes.io claim is not a service-account token")
      return
    }
    #expect(rejection.reason == .malformed)
  }
}
