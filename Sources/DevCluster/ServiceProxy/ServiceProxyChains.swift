import Crypto
import Foundation

/// Names of the nat chains the service proxy owns. All start with `MDC-`, so a rewrite can find
/// and replace exactly its own rules and leave the ztunnel's `ISTIO_*` chains and anything else
/// alone. Per-service and per-endpoint chains are named by a hash, as kube-proxy names its
/// `KUBE-SVC-*`/`KUBE-SEP-*` chains, so names are stable and fit iptables' 28-character limit.
enum ServiceProxyChains {
  static let prefix = "MDC-"
  static let services = "MDC-SERVICES"
  static let postrouting = "MDC-POSTROUTING"
  static let markMasquerade = "MDC-MARK-MASQ"
  /// The packet mark bit asking for masquerade (hairpin: a pod reaching itself through a VIP);
  /// kube-proxy's bit, apart from the ztunnel's 0x539 and 0x111.
  static let masqueradeMark = "0x4000"

  static func service(_ servicePort: String, protocol proto: String) -> String {
    "MDC-SVC-" + hash(servicePort + proto)
  }

  static func endpoint(_ servicePort: String, protocol proto: String, endpoint: String) -> String {
    "MDC-SEP-" + hash(servicePort + proto + endpoint)
  }

  /// The first 16 characters of the base32 SHA-256 (RFC 4648 alphabet).
  static func hash(_ text: String) -> String {
    let digest = Array(SHA256.hash(data: Data(text.utf8)))
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    var result = ""
    var buffer = 0
    var bits = 0
    for byte in digest {
      buffer = buffer << 8 | Int(byte)
      bits += 8
      while bits >= 5 && result.count < 16 {
        bits -= 5
        result.append(alphabet[(buffer >> bits) & 31])
      }
      buffer &= (1 << bits) - 1
      if result.count == 16 { break }
    }
    return result
  }
}
