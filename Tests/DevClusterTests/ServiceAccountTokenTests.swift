import DevCluster
import Foundation
import Kube
import MeshTestSupport
import Testing

/// Test-side JWT helpers: base64url and segment surgery, written independently of the issuer's.
enum JWTParts {
  static func encode(_ bytes: some Sequence<UInt8>) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }

  static func decode(_ segment: some StringProtocol) -> [UInt8] {
    var text = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while text.count % 4 != 0 { text += "=" }
    return Array(Data(base64Encoded: text) ?? Data())
  }

  static func segments(_ token: String) -> [String] { token.components(separatedBy: ".") }

  static func json(_ segment: String) throws -> JSONValue { try JSONParser.parse(decode(segment)) }

  /// `token` with segment `index` replaced by the base64url of `value`'s JSON.
  static func replacing(_ token: String, segment index: Int, with value: JSONValue) -> String {
    var parts = segments(token)
    parts[index] = encode(value.serialized())
    return parts.joined(separator: ".")
  }
}

@Suite("Service-account tokens: issue and verify")
struct ServiceAccountTokenTests {
  static let audience = ServiceAccountTokenIssuer.apiAudience

  static func claims(
    now: Date = Date(), lifetime: TimeInterval = 3600, audiences: [String] = [audience]
  ) -> ServiceAccountClaims {
    ServiceAccountClaims(
      namespace: "demo", serviceAccountName: "app", serviceAccountUID: "sa-uid-1", podName: "app-7d9",
      podUID: "pod-uid-1",
      nodeName: "node-1", nodeUID: "node-uid-1", audiences: audiences, issuedAt: now,
      expiresAt: now.addingTimeInterval(lifetime))
  }

  private func rejection(_ result: Result<ServiceAccountClaims, TokenRejection>) -> TokenRejection? {
    if case .failure(let rejection) = result { return rejection }
    return nil
  }

  @Test("a token verifies back to the claims issued, with Kubernetes' header and payload layout")
  func roundTrip() throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let now = Date()
    let claims = Self.claims(now: now)
    let token = issuer.issue(claims)

    let verified = try issuer.verify(token, audiences: [Self.audience], now: now).get()
    #expect(verified == claims)
    #expect(verified.username == "system:serviceaccount:demo:app")
    #expect(verified.groups == ["system:serviceaccounts", "system:serviceaccounts:demo", "system:authenticated"])

    let parts = JWTParts.segments(token)
    #expect(parts.count == 3)
    let header = try JWTParts.json(parts[0])
    #expect(header["alg"] == "ES256")
    #expect(header["kid"]?.stringValue == issuer.keyID)
    #expect(JWTParts.decode(parts[2]).count == 64, "ES256 signatures are raw r||s")
    let payload = try JWTParts.json(parts[1])
    #expect(payload["iss"] == .string(ServiceAccountTokenIssuer.defaultIssuer))
    #expect(payload["sub"] == "system:serviceaccount:demo:app")
    #expect(payload["aud"] == .array([.string(Self.audience)]))
    #expect(payload["exp"]?.intValue == Int64(now.timeIntervalSince1970) + 3600)
    #expect(payload["iat"] == payload["nbf"])
    #expect(payload["jti"]?.stringValue == claims.id)
    #expect(UUID(uuidString: claims.id) != nil)
    let kubernetes = payload["kubernetes.io"]
    #expect(kubernetes?["namespace"] == "demo")
    #expect(kubernetes?["serviceaccount"] == ["name": "app", "uid": "sa-uid-1"])
    #expect(kubernetes?["pod"] == ["name": "app-7d9", "uid": "pod-uid-1"])
    #expect(kubernetes?["node"] == ["name": "node-1", "uid": "node-uid-1"])
  }

  @Test("the signing key persists 0600 and a restarted issuer verifies earlier tokens")
  func persistentKey() throws {
    let temp = try TempDir()
    let directory = temp.path("keys")
    let first = try ServiceAccountTokenIssuer.loadOrCreate(directory: directory)
    let token = first.issue(Self.claims())
    let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/sa-signing-key.pem")
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

    let second = try ServiceAccountTokenIssuer.loadOrCreate(directory: directory)
    #expect(second.keyID == first.keyID)
    #expect(second.jwks == first.jwks)
    #expect(throws: Never.self) { try second.verify(token, audiences: [], now: Date()).get() }
  }

  @Test("the JWKS names the key by kid with 32-byte P-256 coordinates")
  func jwks() throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let keys = issuer.jwks["keys"]?.arrayValue ?? []
    #expect(keys.count == 1)
    let key = try #require(keys.first)
    #expect(key["kty"] == "EC")
    #expect(key["crv"] == "P-256")
    #expect(key["alg"] == "ES256")
    #expect(key["use"] == "sig")
    #expect(key["kid"]?.stringValue == issuer.keyID)
    #expect(JWTParts.decode(key["x"]?.stringValue ?? "").count == 32)
    #expect(JWTParts.decode(key["y"]?.stringValue ?? "").count == 32)
    #expect(issuer.keyID.count == 43, "base64url of a SHA-256")
    #expect(issuer.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
  }

  @Test("audiences must intersect; none requested skips the check")
  func audiences() throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let token = issuer.issue(Self.claims(audiences: ["istio-ca", "vault"]))
    #expect(throws: Never.self) { try issuer.verify(token, audiences: ["vault", "other"], now: Date()).get() }
    #expect(throws: Never.self) { try issuer.verify(token, audiences: [], now: Date()).get() }
    let wrong = rejection(issuer.verify(token, audiences: [Self.audience], now: Date()))
    #expect(wrong?.reason == .wrongAudience)
    #expect(
      wrong?.message
        == #"token audiences ["istio-ca" "vault"] is invalid for the target audiences ["https://kubernetes.default.svc.cluster.local"]"#
    )
  }

  @Test("expiry and not-before are enforced with 60 seconds of leeway")
  func timeWindow() throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let token = issuer.issue(Self.claims(now: now, lifetime: 600))
    #expect(throws: Never.self) { try issuer.verify(token, audiences: [], now: now.addingTimeInterval(659)).get() }
    let expired = rejection(issuer.verify(token, audiences: [], now: now.addingTimeInterval(661)))
    #expect(expired == TokenRejection(.expired, "service account token has expired"))
    #expect(throws: Never.self) { try issuer.verify(token, audiences: [], now: now.addingTimeInterval(-59)).get() }
    let early = rejection(issuer.verify(token, audiences: [], now: now.addingTimeInterval(-61)))
    #expect(early?.reason == .notYetValid)
  }

  @Test("a token from another issuer name is refused even with the right key")
  func wrongIssuer() throws {
    let temp = try TempDir()
    let directory = temp.path("keys")
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: directory)
    let keyPEM = try String(contentsOfFile: directory + "/sa-signing-key.pem", encoding: .utf8)
    let foreign = try ServiceAccountTokenIssuer(privateKeyPEM: keyPEM, issuer: "https://elsewhere.example")
    var claims = Self.claims()
    claims.issuer = "https://elsewhere.example"
    let token = foreign.issue(claims)
    #expect(throws: Never.self) { try foreign.verify(token, audiences: [], now: Date()).get() }
    #expect(rejection(issuer.verify(token, audiences: [], now: Date()))?.reason == .wrongIssuer)
  }

  @Test("tampering with the payload or the signature breaks the signature")
  func tampering() throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let token = issuer.issue(Self.claims())
    var payload = try JWTParts.json(JWTParts.segments(token)[1])
    payload.setValue("system:serviceaccount:kube-system:admin", at: ["sub"])
    payload.setValue("kube-system", at: ["kubernetes.io", "namespace"])
    payload.setValue("admin", at: ["kubernetes.io", "serviceaccount", "name"])
    let forged = JWTParts.replacing(token, segment: 1, with: payload)
    #expect(rejection(issuer.verify(forged, audiences: [], now: Date()))?.reason == .badSignature)

    var parts = JWTParts.segments(token)
    var signature = JWTParts.decode(parts[2])
    signature[10] ^= 0x01
    parts[2] = JWTParts.encode(signature)
    let flipped = parts.joined(separator: ".")
    #expect(rejection(issuer.verify(flipped, audiences: [], now: Date()))?.reason == .badSignature)

    // The last of the 86 signature characters carries 4 padding bits: flipping one spells the same
    // bytes non-canonically, which must not pass as the same token.
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    let value = try #require(alphabet.firstIndex(of: token.last!))
    let reencoded = String(token.dropLast()) + String(alphabet[value ^ 1])
    #expect(rejection(issuer.verify(reencoded, audiences: [], now: Date()))?.reason == .malformed)
  }

  @Test("alg none, HS256 and RS256 are refused before the signature is looked at")
  func algorithms() throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let token = issuer.issue(Self.claims())
    let parts = JWTParts.segments(token)
    let unsigned = JWTParts.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
    #expect(rejection(issuer.verify(unsigned, audiences: [], now: Date()))?.reason == .unsupportedAlgorithm)
    for algorithm in ["HS256", "RS256", "none", "es256"] {
      let header: JSONValue = ["alg": .string(algorithm), "kid": .string(issuer.keyID)]
      let relabelled = JWTParts.replacing(token, segment: 0, with: header)
      #expect(
        rejection(issuer.verify(relabelled, audiences: [], now: Date()))?.reason == .unsupportedAlgorithm,
        "\(algorithm)")
    }
  }

  @Test("a token signed by another key is refused, with or without its kid")
  func otherKey() throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let stranger = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("stranger"))
    #expect(stranger.keyID != issuer.keyID)
    let token = stranger.issue(Self.claims())
    #expect(rejection(issuer.verify(token, audiences: [], now: Date()))?.reason == .unknownKey)
    // Claiming our kid does not help: the signature is still the stranger's.
    let header: JSONValue = ["alg": "ES256", "kid": .string(issuer.keyID)]
    let relabelled = JWTParts.replacing(token, segment: 0, with: header)
    #expect(rejection(issuer.verify(relabelled, audiences: [], now: Date()))?.reason == .badSignature)
    let noKid = JWTParts.replacing(token, segment: 0, with: ["alg": "ES256"])
    #expect(rejection(issuer.verify(noKid, audiences: [], now: Date()))?.reason == .badSignature)
  }

  @Test(
    "garbage is malformed, not a crash",
    arguments: [
      "", "garbage", "a.b", "a.b.c", "...", "a.b.c.d", "eyJhbGciOiJFUzI1NiJ9.e30", "eyJhbGciOiJFUzI1NiJ9.e30.AAAA",
      "e30.e30.e30", "W10.e30.", "eyJhbGciOiJFUzI1NiJ9.e30.+/+/",
    ])
  func garbage(token: String) throws {
    let temp = try TempDir()
    let issuer = try ServiceAccountTokenIssuer.loadOrCreate(directory: temp.path("keys"))
    let result = rejection(issuer.verify(token, audiences: [], now: Date()))
    #expect(result != nil)
    #expect(result?.reason != .expired && result?.reason != .wrongAudience, "\(String(describing: result))")
  }
}
