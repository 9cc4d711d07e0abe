import NIOSSL
import Shared

/// What an HBONE peer must present: a certificate chaining to one of the mesh roots whose SPIFFE
/// URI SAN is in the mesh's trust domain. Everything else fails the handshake.
public struct HBONETrust: Sendable {
  public let trustDomain: String
  let roots: [NIOSSLCertificate]

  public init(rootPEMs: [String], trustDomain: String) throws(HBONEError) {
    do {
      var roots: [NIOSSLCertificate] = []
      for pem in rootPEMs { roots += try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)) }
      guard !roots.isEmpty else { throw HBONEError(.badCredential, "no mesh root certificate given") }
      self.roots = roots
    } catch let error as HBONEError {
      throw error
    } catch {
      throw HBONEError(.badCredential, "mesh root certificates cannot be loaded: \(error)")
    }
    self.trustDomain = trustDomain
  }
}
