import Crypto
import Foundation
import SwiftASN1
import Shared
import Synchronization
import X509

/// The mesh CA: signs validated CSRs with the current authority and manages root rotation.
///
/// Signing reads an immutable `SigningAuthority` snapshot under a lock and signs outside it, so
/// signings run in parallel on every core; rotation swaps the snapshot atomically.
public final class CertificateAuthority: Sendable {
  public enum Mode: Sendable, Hashable {
    /// Generate a root on first start and keep it in the store (Istio's `istio-ca-secret`).
    case selfSigned
    /// Use the operator's `cacerts` material as is; never write it.
    case plugIn
  }

  private struct State {
    var authority: SigningAuthority
    var stored: StoredCA
  }

  public let trustDomain: String
  public let policy: SigningPolicy
  public let store: any CAStore
  private let state: Mutex<State>

  /// Loads (or, in self-signed mode, creates) the CA, refusing unusable material.
  public init(
    store: any CAStore, mode: Mode, trustDomain: String = MeshDefaults.trustDomain,
    policy: SigningPolicy = SigningPolicy(), now: Date = Date()
  ) throws(CAError) {
    var stored: StoredCA
    switch (try store.load(), mode) {
    case (let existing?, _):
      stored = existing
    case (nil, .plugIn):
      throw CAError(
        .invalidCAMaterial,
        "no plug-in CA at \(store.location): expected ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem")
    case (nil, .selfSigned):
      let root = try RootGenerator.make(trustDomain: trustDomain, now: now)
      let pem = try PEMText.of(root.certificate)
      stored = StoredCA(caCertPEM: pem, caKeyPEM: root.keyPEM, certChainPEM: "", rootCertsPEM: pem, activatedAt: now)
      try store.save(stored)
    }
    let authority = try CAMaterialLoader.load(
      stored, location: store.location, selfSigned: mode == .selfSigned, now: now)
    self.trustDomain = trustDomain
    self.policy = policy
    self.store = store
    self.state = Mutex(State(authority: authority, stored: stored))
  }

  /// The current authority (signing cert, chain, trust bundle).
  public var authority: SigningAuthority { state.withLock { $0.authority } }

  var storedSnapshot: StoredCA { state.withLock { $0.stored } }

  /// Runs `body` on the stored material and authority under the lock (rotation steps).
  func withState(_ body: (inout StoredCA, inout SigningAuthority) throws(CAError) -> Void) throws(CAError) {
    try state.withLock { (s: inout State) throws(CAError) -> Void in try body(&s.stored, &s.authority) }
  }

  /// PEM bundle of every trusted root: what `istio-ca-root-cert` publishes.
  public var trustBundlePEM: String { authority.trustBundlePEM }

  /// Signs `csr` (already validated and authorized) and returns the chain: leaf first, root last.
  public func sign(_ csr: ValidatedCSR, requestedTTLSeconds: Int64 = 0, now: Date = Date()) throws(CAError) -> [String]
  {
    let ttl = try policy.ttl(requestedSeconds: requestedTTLSeconds)
    let authority = self.authority
    let leaf = try LeafIssuer.issue(csr, ttl: ttl, backdate: policy.backdate, authority: authority, now: now)
    return [try PEMText.of(leaf)] + authority.chainPEMs
  }

  /// Issues a certificate with extra DNS/IP names for the control plane's own TLS listener.
  public func issueServingCertificate(
    identity: SpiffeIdentity, dnsNames: [String], now: Date = Date()
  ) throws(CAError)
    -> (chainPEM: String, keyPEM: String)
  {
    let key = P256.Signing.PrivateKey()
    let authority = self.authority
    let names: [GeneralName] =
      [.uniformResourceIdentifier(identity.uri)]
      + dnsNames.map { name in
        if let ip = try? IPAddress(name) { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(ip.bytes))) }
        return .dnsName(name)
      }
    let leaf = try LeafIssuer.issue(
      publicKey: .init(key.publicKey), names: names, subjectForErrors: "the control plane (\(identity))",
      ttl: policy.defaultTTL, backdate: policy.backdate, authority: authority, now: now)
    // The serving chain stops below the root: clients already hold the root.
    return ((try [PEMText.of(leaf)] + authority.chainPEMs.dropLast()).joined(), key.pemRepresentation)
  }
}
