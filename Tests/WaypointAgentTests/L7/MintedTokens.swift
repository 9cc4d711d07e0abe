import Foundation
import MeshTestSupport

/// Keys and tokens made by PyJWT (an independent JOSE implementation), once per test run: an RSA
/// 2048, an EC P-256 and an Ed25519 key in one JWKS, and tokens for every case the tests check,
/// all relative to `L7Test.fixedNow`.
struct MintedTokens: Sendable {
  let jwks: String
  let tokens: [String: String]

  subscript(_ name: String) -> String {
    guard let token = tokens[name] else { fatalError("no minted token \(name)") }
    return token
  }

  static let issuer = "https://issuer.test"

  private static let script = #"""
    import json, time, jwt
    from cryptography.hazmat.primitives.asymmetric import rsa, ec, ed25519
    from jwt.algorithms import RSAAlgorithm, ECAlgorithm, OKPAlgorithm
    now = 1700000000
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ed_key = ed25519.Ed25519PrivateKey.generate()
    other_rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    def jwk(alg_cls, key, kid, alg=None):
        d = json.loads(alg_cls.to_jwk(key.public_key()))
        d["kid"] = kid
        if alg: d["alg"] = alg
        return d
    jwks = {"keys": [jwk(RSAAlgorithm, rsa_key, "rsa-1"), jwk(ECAlgorithm, ec_key, "ec-1", "ES256"),
                     jwk(OKPAlgorithm, ed_key, "ed-1")]}
    iss = "https://issuer.test"
    base = {"iss": iss, "sub": "alice", "iat": now, "exp": now + 3600, "aud": ["orders", "billing"],
            "groups": ["admins", "devs"], "scope": "read write", "azp": "web-app",
            "nested": {"team": {"name": "payments"}}, "level": 3}
    def tok(claims, key, alg, kid):
        return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid} if kid else None)
    t = {}
    t["rs256"] = tok(base, rsa_key, "RS256", "rsa-1")
    t["rs384"] = tok(base, rsa_key, "RS384", "rsa-1")
    t["rs512"] = tok(base, rsa_key, "RS512", "rsa-1")
    t["ps256"] = tok(base, rsa_key, "PS256", "rsa-1")
    t["ps512"] = tok(base, rsa_key, "PS512", "rsa-1")
    t["es256"] = tok(base, ec_key, "ES256", "ec-1")
    t["eddsa"] = tok(base, ed_key, "EdDSA", "ed-1")
    t["rs256-nokid"] = tok(base, rsa_key, "RS256", None)
    t["rs256-unknown-kid"] = tok(base, rsa_key, "RS256", "missing")
    t["rs256-other-key"] = tok(base, other_rsa, "RS256", "rsa-1")
    t["expired"] = tok(dict(base, exp=now - 120), rsa_key, "RS256", "rsa-1")
    t["expired-within-skew"] = tok(dict(base, exp=now - 30), rsa_key, "RS256", "rsa-1")
    t["not-yet-valid"] = tok(dict(base, nbf=now + 600), rsa_key, "RS256", "rsa-1")
    t["no-exp"] = tok({k: v for k, v in base.items() if k != "exp"}, rsa_key, "RS256", "rsa-1")
    t["wrong-issuer"] = tok(dict(base, iss="https://evil.test"), rsa_key, "RS256", "rsa-1")
    t["other-audience"] = tok(dict(base, aud="somebody-else"), rsa_key, "RS256", "rsa-1")
    t["no-audience"] = tok({k: v for k, v in base.items() if k != "aud"}, rsa_key, "RS256", "rsa-1")
    t["hs256"] = jwt.encode(base, "shared-secret-shared-secret-32by", algorithm="HS256", headers={"kid": "rsa-1"})
    t["none"] = jwt.encode(base, None, algorithm="none")
    t["es256-as-rs256-kid"] = tok(base, ec_key, "ES256", "rsa-1")
    print(json.dumps({"jwks": json.dumps(jwks), "tokens": t}))
    """#

  private struct Output: Decodable {
    var jwks: String
    var tokens: [String: String]
  }

  private actor Cache {
    var minted: MintedTokens?
    func get() async throws -> MintedTokens {
      if let minted { return minted }
      let output = try await Tool.ok(["python3", "-c", MintedTokens.script])
      let decoded = try JSONDecoder().decode(Output.self, from: Data(output.utf8))
      let minted = MintedTokens(jwks: decoded.jwks, tokens: decoded.tokens)
      self.minted = minted
      return minted
    }
  }

  private static let cache = Cache()

  static func load() async throws -> MintedTokens { try await cache.get() }
}
