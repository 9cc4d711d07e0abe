import Foundation
import X509

/// Root rotation without breaking traffic (a top complaint of ambient users):
/// 1. `prepareRootRotation` adds a new root to the trust bundle; the old root still signs.
///    Agents pick up the bundle with their next refresh.
/// 2. `activateNextRoot` makes the new root sign. Leaves from the old root keep verifying
///    because the old root stays in the bundle.
/// 3. `retirePreviousRoots` drops the old roots, allowed only once every leaf they signed has expired.
extension CertificateAuthority {
  public func prepareRootRotation(now: Date = Date()) throws(CAError) {
    try update { stored, authority throws(CAError) in
      guard authority.selfSigned else {
        throw CAError(.invalidRequest, "root rotation applies to the self-signed CA; replace the plug-in files instead")
      }
      guard stored.nextCACertPEM == nil else {
        throw CAError(.invalidRequest, "a root rotation is already prepared; activate it first")
      }
      let next = try RootGenerator.make(trustDomain: trustDomain, now: now)
      stored.nextCACertPEM = try PEMText.of(next.certificate)
      stored.nextCAKeyPEM = next.keyPEM
      stored.rootCertsPEM += stored.nextCACertPEM!
    }
  }

  public func activateNextRoot(now: Date = Date()) throws(CAError) {
    try update { stored, _ throws(CAError) in
      guard let cert = stored.nextCACertPEM, let key = stored.nextCAKeyPEM else {
        throw CAError(.invalidRequest, "no prepared root to activate; call prepareRootRotation first")
      }
      stored.caCertPEM = cert
      stored.caKeyPEM = key
      stored.certChainPEM = ""
      stored.nextCACertPEM = nil
      stored.nextCAKeyPEM = nil
      stored.activatedAt = now
    }
  }

  /// The earliest moment old roots may leave the bundle: activation + maximum leaf lifetime.
  public var earliestRetirement: Date? {
    let stored = self.storedSnapshot
    return stored.activatedAt?.addingTimeInterval(policy.maxTTL + policy.backdate)
  }

  public func retirePreviousRoots(now: Date = Date()) throws(CAError) {
    let earliest = earliestRetirement
    try update { stored, authority throws(CAError) in
      guard stored.nextCACertPEM == nil else {
        throw CAError(.invalidRequest, "a prepared root is not active yet; activate it before retiring roots")
      }
      if let earliest, now < earliest {
        throw CAError(
          .invalidRequest,
          "old roots may still have valid leaves until \(ISO8601DateFormatter().string(from: earliest)); retire after that"
        )
      }
      stored.rootCertsPEM = authority.signingRootPEM
    }
  }

  /// Applies `change` to the stored material, re-validates it, persists it, then swaps it in.
  /// Validation happens before anything is written: a bad step changes nothing.
  private func update(_ change: (inout StoredCA, SigningAuthority) throws(CAError) -> Void) throws(CAError) {
    try withState { stored, authority throws(CAError) in
      var next = stored
      try change(&next, authority)
      let loaded = try CAMaterialLoader.load(
        next, location: store.location, selfSigned: authority.selfSigned, now: Date())
      try store.save(next)
      stored = next
      authority = loaded
    }
  }
}
