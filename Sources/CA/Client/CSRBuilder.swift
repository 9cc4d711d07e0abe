import Crypto
import Shared
import X509

/// Makes the CSR the mesh CA expects: ECDSA P-256, empty subject, one critical URI SAN.
public enum CSRBuilder {
  public static func make(for identity: SpiffeIdentity, key: P256.Signing.PrivateKey) throws(CAError) -> String {
    do {
      let extensions = try Certificate.Extensions {
        Critical(SubjectAlternativeNames([.uniformResourceIdentifier(identity.uri)]))
      }
      let attributes = CertificateSigningRequest.Attributes([
        try CertificateSigningRequest.Attribute(ExtensionRequest(extensions: extensions))
      ])
      let csr = try CertificateSigningRequest(
        version: .v1, subject: DistinguishedName(), privateKey: Certificate.PrivateKey(key), attributes: attributes,
        signatureAlgorithm: .ecdsaWithSHA256)
      return try csr.serializeAsPEM().pemString
    } catch {
      throw CAError(.invalidRequest, "cannot build a CSR for \(identity): \(error)")
    }
  }
}
