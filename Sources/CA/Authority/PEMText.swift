import X509

/// PEM helpers shared by the CA, its tests and the agent: one place for the encode/decode errors.
public enum PEMText {
  public static func of(_ certificate: Certificate) throws(CAError) -> String {
    do {
      return try certificate.serializeAsPEM().pemString + "\n"
    } catch {
      throw CAError(.storage, "cannot encode certificate \(certificate.subject): \(error)")
    }
  }

  public static func of(_ certificates: [Certificate]) throws(CAError) -> [String] {
    var out: [String] = []
    for certificate in certificates { out.append(try of(certificate)) }
    return out
  }

  /// Every certificate in a PEM bundle, in order. `file` names the source in errors.
  public static func certificates(in pem: String, file: String) throws(CAError) -> [Certificate] {
    var result: [Certificate] = []
    let marker = "-----END CERTIFICATE-----"
    var rest = Substring(pem)
    while let end = rest.range(of: marker) {
      let block = rest[..<end.upperBound]
      guard let begin = block.range(of: "-----BEGIN CERTIFICATE-----") else { break }
      do {
        result.append(try Certificate(pemEncoded: String(block[begin.lowerBound...])))
      } catch {
        throw CAError(.invalidCAMaterial, "\(file): certificate #\(result.count + 1) is not valid PEM/DER: \(error)")
      }
      rest = rest[end.upperBound...]
    }
    return result
  }
}
