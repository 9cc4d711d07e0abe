import Kube

/// Checks a JWKS document (RFC 7517 §5) before it is pushed to waypoints: a JSON object with a
/// `keys` array whose entries are objects with a `kty`. A waypoint given garbage would reject every
/// token anyway; checking here lets the RequestAuthentication's status say why.
public enum JWKSDocument {
  /// Key types a JWT verifier may meet (RFC 7518 §6.1, RFC 8037).
  static let keyTypes: Set<String> = ["RSA", "EC", "oct", "OKP"]

  /// The document re-serialized (compact, stable), or what is wrong with it.
  public static func validate(_ bytes: [UInt8]) throws(JWKSError) -> String {
    let json: JSONValue
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      throw JWKSError("the key set is not JSON (\(error))")
    }
    guard json.objectValue != nil else { throw JWKSError("the key set is not a JSON object with \"keys\"") }
    guard let keys = json["keys"]?.arrayValue else { throw JWKSError("the key set has no \"keys\" array") }
    guard !keys.isEmpty else { throw JWKSError("the key set's \"keys\" array is empty") }
    for (index, key) in keys.enumerated() {
      guard key.objectValue != nil else { throw JWKSError("keys[\(index)] is not an object") }
      guard let kty = key["kty"]?.stringValue else { throw JWKSError("keys[\(index)] has no \"kty\"") }
      guard keyTypes.contains(kty) else {
        throw JWKSError("keys[\(index)].kty \"\(kty)\" is not one of \(keyTypes.sorted().joined(separator: ", "))")
      }
    }
    return String(decoding: json.serialized(), as: UTF8.self)
  }

  public static func validate(_ text: String) throws(JWKSError) -> String {
    try validate(Array(text.utf8))
  }
}
