import Crypto
import Kube

/// A JWS in compact serialization (`header.payload.signature`, RFC 7515 §7.1), split but not yet
/// trusted: the verifier checks `signature` over `signingInput` before believing `payload`.
struct CompactJWS {
  /// Larger than any token this issuer makes by two orders of magnitude; bounds parsing work.
  static let maxLength = 64 * 1024

  var header: JSONValue
  /// Still base64url: decoded only once the signature holds.
  var encodedPayload: Substring
  /// `header.payload` as sent: what the signature covers.
  var signingInput: Substring
  var signature: [UInt8]

  static func parse(_ token: String) throws(TokenRejection) -> CompactJWS {
    guard token.utf8.count <= maxLength else {
      throw TokenRejection(.malformed, "token is \(token.utf8.count) bytes, more than any JWT this cluster issues")
    }
    let segments = token.split(separator: ".", omittingEmptySubsequences: false)
    guard segments.count == 3 else {
      throw TokenRejection(
        .malformed, "token is not a JWT: expected 3 dot-separated segments, found \(segments.count)")
    }
    guard let headerBytes = Base64URL.decode(segments[0]), let header = try? JSONParser.parse(headerBytes),
      header.objectValue != nil
    else { throw TokenRejection(.malformed, "token is not a JWT: the header is not base64url JSON") }
    guard let signature = Base64URL.decode(segments[2]) else {
      throw TokenRejection(.malformed, "token is not a JWT: the signature is not base64url")
    }
    let signingInput = token[segments[0].startIndex..<segments[1].endIndex]
    return CompactJWS(header: header, encodedPayload: segments[1], signingInput: signingInput, signature: signature)
  }

  /// The payload JSON; call after the signature has been checked.
  func payload() throws(TokenRejection) -> JSONValue {
    guard let bytes = Base64URL.decode(encodedPayload), let payload = try? JSONParser.parse(bytes) else {
      throw TokenRejection(.malformed, "token is not a JWT: the payload is not base64url JSON")
    }
    return payload
  }

  /// `header.payload.signature` with an ES256 signature: ECDSA P-256 over SHA-256, the signature
  /// as the 64-byte `r || s` JWS requires (RFC 7518 §3.4), not DER.
  static func signES256(header: JSONValue, payload: JSONValue, key: P256.Signing.PrivateKey) -> String {
    let signingInput = Base64URL.encode(header.serialized()) + "." + Base64URL.encode(payload.serialized())
    let signature: P256.Signing.ECDSASignature
    do {
      signature = try key.signature(for: Array(signingInput.utf8))
    } catch {
      // Signing with a valid in-memory P-256 key fails only if BoringSSL itself is broken.
      preconditionFailure("ECDSA P-256 signing failed: \(error)")
    }
    return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
  }
}
