import Foundation
import Synchronization

/// The bearer token to send, re-reading a token file at most once a minute so that a rotated
/// (kubelet-projected) service-account token is picked up without a restart.
final class BearerTokenSource: Sendable {
  private enum Origin: Sendable {
    case fixed(String?)
    case file(String)
  }

  private let origin: Origin
  private let cached = Mutex<(token: String, readAt: ContinuousClock.Instant)?>(nil)
  private static let refreshInterval = Duration.seconds(60)

  init(_ credentials: KubeCredentials) {
    switch credentials {
    case .token(let token): origin = .fixed(token)
    case .tokenFile(let path): origin = .file(path)
    case .none, .clientCertificate: origin = .fixed(nil)
    }
  }

  func token() -> String? {
    switch origin {
    case .fixed(let token): return token
    case .file(let path):
      let now = ContinuousClock.now
      if let entry = cached.withLock({ $0 }), now - entry.readAt < Self.refreshInterval { return entry.token }
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        return cached.withLock { $0?.token }
      }
      let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
      cached.withLock { $0 = (token, now) }
      return token
    }
  }
}
