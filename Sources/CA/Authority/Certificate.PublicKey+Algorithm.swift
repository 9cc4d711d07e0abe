import Crypto
import X509
import _CryptoExtras

extension Certificate.PublicKey {
  /// A short name for the key type, used to pick signature algorithms and in error messages.
  var keyAlgorithmName: String {
    if P256.Signing.PublicKey(self) != nil { return "P256" }
    if P384.Signing.PublicKey(self) != nil { return "P384" }
    if P521.Signing.PublicKey(self) != nil { return "P521" }
    if _RSA.Signing.PublicKey(self) != nil { return "RSA" }
    return "unknown"
  }
}
