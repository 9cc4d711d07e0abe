import Crypto
import X509

/// PEM encoding and decoding of the dev cluster's certificates and keys, with errors that name
/// the file and say how to recover.
enum DevPEM {
  static func encode(_ certificate: Certificate) throws(DevPKIError) -> String {
    do {
      return try certificate.serializeAsPEM().pemString + "\n"
    } catch {
      throw DevPKIError("cannot PEM-encode certificate \(certificate.subject): \(error)")
    }
  }

  /// PKCS#8 (`BEGIN PRIVATE KEY`): what NIOSSL, OpenSSL and Go read without being told the curve.
  static func encode(_ key: P256.Signing.PrivateKey) -> String { key.pemRepresentation + "\n" }

  static func certificate(_ pem: String, file: String) throws(DevPKIError) -> Certificate {
    do {
      return try Certificate(pemEncoded: pem)
    } catch {
      throw DevPKIError("\(file) does not hold a PEM certificate (\(error)); delete it so that it is generated again")
    }
  }

  /// Accepts PKCS#8 and SEC1 (`BEGIN EC PRIVATE KEY`, what `openssl ecparam -genkey` writes).
  static func privateKey(_ pem: String, file: String) throws(DevPKIError) -> P256.Signing.PrivateKey {
    do {
      return try P256.Signing.PrivateKey(pemRepresentation: pem)
    } catch {
      throw DevPKIError(
        "\(file) does not hold a PEM P-256 private key (\(error)); delete it so that it is generated again")
    }
  }
}
