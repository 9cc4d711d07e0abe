import Foundation

/// Accepts tokens from a fixed table, like kube-apiserver's `--token-auth-file`. Used where no
/// Kubernetes API is available to run TokenReview (the CA alone, tests, benchmarks).
///
/// File format, one per line: `token,namespace,serviceAccount[,podName]`; `#` starts a comment.
public struct StaticTokenAuthenticator: CallerAuthenticator {
  public let tokens: [String: AuthenticatedCaller]
  /// The cluster this control plane serves; callers naming another are refused.
  public let clusterID: String

  public init(tokens: [String: AuthenticatedCaller], clusterID: String) {
    self.tokens = tokens
    self.clusterID = clusterID
  }

  public init(file: String, clusterID: String) throws(CAError) {
    let text: String
    do {
      text = try String(contentsOfFile: file, encoding: .utf8)
    } catch {
      throw CAError(.invalidCAMaterial, "cannot read token file \(file): \(error.localizedDescription)")
    }
    var table: [String: AuthenticatedCaller] = [:]
    for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard (3...4).contains(f.count), !f[0].isEmpty, !f[1].isEmpty, !f[2].isEmpty else {
        throw CAError(
          .invalidCAMaterial, "\(file):\(n + 1): expected token,namespace,serviceAccount[,podName]")
      }
      table[f[0]] = AuthenticatedCaller(namespace: f[1], serviceAccount: f[2], podName: f.count == 4 ? f[3] : nil)
    }
    self.init(tokens: table, clusterID: clusterID)
  }

  public func authenticate(_ credentials: CallerCredentials) async throws(CAError) -> AuthenticatedCaller {
    guard !credentials.bearerToken.isEmpty else {
      throw CAError(.unauthenticated, "no bearer token: send \"authorization: Bearer <service-account token>\"")
    }
    guard credentials.clusterID.isEmpty || credentials.clusterID == clusterID else {
      throw CAError(
        .unauthenticated, "clusterid \"\(credentials.clusterID)\" is not this cluster (\"\(clusterID)\")")
    }
    guard let caller = tokens[credentials.bearerToken] else {
      throw CAError(.unauthenticated, "bearer token is not recognised")
    }
    return caller
  }
}
