import NIOSSL
import Shared

/// A workload's TLS identity: its certificate chain and key, parsed once. A class so that TLS
/// contexts built from it can be cached by object identity and dropped when it is rotated.
public final class HBONECredential: Sendable {
  public let identity: SpiffeIdentity
  let chain: [NIOSSLCertificate]
  let key: NIOSSLPrivateKey

  /// `chainPEMs`: leaf first, root last, as the CA returns them.
  public init(identity: SpiffeIdentity, chainPEMs: [String], privateKeyPEM: String) throws(HBONEError) {
    self.identity = identity
    do {
      var chain: [NIOSSLCertificate] = []
      for pem in chainPEMs { chain += try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)) }
      guard !chain.isEmpty else { throw HBONEError(.badCredential, "certificate chain for \(identity) is empty") }
      self.chain = chain
      self.key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
    } catch let error as HBONEError {
      throw error
    } catch {
      throw HBONEError(.badCredential, "certificate or key for \(identity) cannot be loaded: \(error)")
    }
  }
}
