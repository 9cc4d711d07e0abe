import NIOSSL
import Shared
import Synchronization

/// TLS contexts per credential: building a context parses keys and sets up BoringSSL state,
/// far too slow for every connection. Keyed by the credential object, so a rotated credential
/// (a new object for the same identity) gets a new context and the old one is dropped.
final class TLSContextCache: Sendable {
  enum Side: Sendable { case server, client }

  private struct Entry {
    let credential: HBONECredential
    let context: NIOSSLContext
  }

  private let side: Side
  private let trust: HBONETrust
  private let entries = Mutex<[SpiffeIdentity: Entry]>([:])

  init(side: Side, trust: HBONETrust) {
    self.side = side
    self.trust = trust
  }

  func context(for credential: HBONECredential) throws(HBONEError) -> NIOSSLContext {
    if let entry = entries.withLock({ $0[credential.identity] }), entry.credential === credential {
      return entry.context
    }
    let context = try Self.make(side: side, credential: credential, trust: trust)
    entries.withLock { $0[credential.identity] = Entry(credential: credential, context: context) }
    return context
  }

  /// TLS 1.3 only, ALPN h2 only, peer certificates verified against the mesh roots (identity is
  /// checked after the handshake from the URI SAN: there are no hostnames in HBONE), no session
  /// tickets or resumption (wire-facts §5).
  static func make(side: Side, credential: HBONECredential, trust: HBONETrust) throws(HBONEError) -> NIOSSLContext {
    let chain = credential.chain.map { NIOSSLCertificateSource.certificate($0) }
    var configuration: TLSConfiguration
    switch side {
    case .server:
      configuration = .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(credential.key))
    case .client:
      configuration = .makeClientConfiguration()
      configuration.certificateChain = chain
      configuration.privateKey = .privateKey(credential.key)
    }
    configuration.minimumTLSVersion = .tlsv13
    configuration.maximumTLSVersion = .tlsv13
    configuration.applicationProtocols = ["h2"]
    configuration.trustRoots = .certificates(trust.roots)
    configuration.additionalTrustRoots = []
    configuration.certificateVerification = .noHostnameVerification
    do {
      return try NIOSSLContext(configuration: configuration)
    } catch {
      throw HBONEError(.badCredential, "TLS context for \(credential.identity) cannot be built: \(error)")
    }
  }
}
