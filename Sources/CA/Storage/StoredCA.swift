import Foundation

/// The CA's key material in Istio's `cacerts` / `istio-ca-secret` layout, as PEM text.
///
/// `rootCertsPEM` is the trust bundle and may hold several roots while a rotation is in progress;
/// `next*` hold a root that is already trusted but does not sign yet.
public struct StoredCA: Hashable, Sendable {
  public static let caCertFile = "ca-cert.pem"
  public static let caKeyFile = "ca-key.pem"
  public static let certChainFile = "cert-chain.pem"
  public static let rootCertFile = "root-cert.pem"
  public static let nextCACertFile = "next-ca-cert.pem"
  public static let nextCAKeyFile = "next-ca-key.pem"
  public static let activatedAtFile = "root-activated-at"

  public var caCertPEM: String
  public var caKeyPEM: String
  public var certChainPEM: String
  public var rootCertsPEM: String
  public var nextCACertPEM: String?
  public var nextCAKeyPEM: String?
  /// When the current signing root started signing; old roots may be retired one maximum
  /// certificate lifetime later.
  public var activatedAt: Date?

  public init(
    caCertPEM: String, caKeyPEM: String, certChainPEM: String, rootCertsPEM: String,
    nextCACertPEM: String? = nil, nextCAKeyPEM: String? = nil, activatedAt: Date? = nil
  ) {
    self.caCertPEM = caCertPEM
    self.caKeyPEM = caKeyPEM
    self.certChainPEM = certChainPEM
    self.rootCertsPEM = rootCertsPEM
    self.nextCACertPEM = nextCACertPEM
    self.nextCAKeyPEM = nextCAKeyPEM
    self.activatedAt = activatedAt
  }
}
