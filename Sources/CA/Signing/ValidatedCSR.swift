import Shared
import X509

/// A CSR whose signature, key type and SAN have been checked: safe to sign for `identity`
/// once the caller is known to be allowed that identity.
public struct ValidatedCSR: Sendable {
  public let publicKey: Certificate.PublicKey
  public let identity: SpiffeIdentity
}
