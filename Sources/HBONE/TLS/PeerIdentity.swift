import NIOSSL
import Shared
import SwiftASN1
import X509

/// Reads the SPIFFE identity of a TLS peer from its (already chain-verified) leaf certificate.
enum PeerIdentity {
  static func of(_ certificate: NIOSSLCertificate, trustDomain: String) throws(HBONEError) -> SpiffeIdentity {
    let parsed: Certificate
    do {
      parsed = try Certificate(derEncoded: try certificate.toDERBytes())
    } catch {
      throw HBONEError(.tlsFailure, "peer certificate cannot be parsed: \(error)")
    }
    let names: SubjectAlternativeNames?
    do {
      names = try parsed.extensions.subjectAlternativeNames
    } catch {
      throw HBONEError(.tlsFailure, "peer certificate has a malformed subjectAltName: \(error)")
    }
    var uris: [String] = []
    if let names {
      for name in names {
        if case .uniformResourceIdentifier(let uri) = name { uris.append(uri) }
      }
    }
    guard uris.count == 1, let identity = try? SpiffeIdentity(parsing: uris[0]) else {
      throw HBONEError(.tlsFailure, "peer certificate must carry exactly one SPIFFE URI SAN, found \(uris)")
    }
    guard identity.trustDomain == trustDomain else {
      throw HBONEError(
        .tlsFailure, "peer identity \(identity) is outside the mesh trust domain \(trustDomain)")
    }
    return identity
  }
}
