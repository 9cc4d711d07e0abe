import SwiftASN1

/// Reads the key algorithm (and RSA modulus size) straight from a CSR's DER when the X.509
/// library refuses to parse it, so the caller hears "RSA key of 1024 bits" instead of a bare
/// decoder error. Only used on the failure path.
enum CSRKeyProbe {
  static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 1]

  /// A description of the CSR's key problem, or nil when the DER is not even a CSR.
  static func describe(pem: String) -> String? {
    guard let document = try? PEMDocument(pemString: pem),
      let root = try? DER.parse(document.derBytes),
      let info = children(root)?.first,
      let infoFields = children(info), infoFields.count >= 3,
      let spki = children(infoFields[2]), spki.count == 2,
      let algorithm = children(spki[0])?.first,
      let oid = try? ASN1ObjectIdentifier(derEncoded: algorithm)
    else { return nil }
    guard oid == rsaEncryption else { return "key algorithm \(oid) is not accepted" }
    guard case .primitive(let bits) = spki[1].content, bits.count > 1,
      let rsaKey = try? DER.parse(Array(bits.dropFirst())),
      let modulusNode = children(rsaKey)?.first, case .primitive(let modulus) = modulusNode.content
    else { return "RSA key cannot be read" }
    let significant = modulus.drop { $0 == 0 }
    let size = significant.count * 8 - (significant.first.map { $0.leadingZeroBitCount } ?? 0)
    return "RSA key has \(size) bits; at least 2048 are required"
  }

  private static func children(_ node: ASN1Node) -> [ASN1Node]? {
    guard case .constructed(let collection) = node.content else { return nil }
    return Array(collection)
  }
}
