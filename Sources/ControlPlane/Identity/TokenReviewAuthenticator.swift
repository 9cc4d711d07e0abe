import CA
import Foundation
import Kube
import Synchronization

/// Authenticates CA and xDS callers the way istiod does: a Kubernetes TokenReview of the caller's
/// service-account token for audience `istio-ca`.
///
/// Accepted reviews are remembered in memory for a short time (bounded) so a node agent fetching
/// certificates for fifty pods costs one review, not fifty. Refusals are not cached: a token that starts working (its
/// service account was just created) is not locked out.
public final class TokenReviewAuthenticator: CallerAuthenticator {
  public static let audience = "istio-ca"
  private let client: KubeClient
  private let clusterID: String
  private let cacheTTL: Duration
  private let maxCached = 4096
  private let cache = Mutex<[String: (caller: AuthenticatedCaller, until: ContinuousClock.Instant)]>([:])

  public init(client: KubeClient, clusterID: String, cacheTTL: Duration = .seconds(60)) {
    self.client = client
    self.clusterID = clusterID
    self.cacheTTL = cacheTTL
  }

  public func authenticate(_ credentials: CallerCredentials) async throws(CAError) -> AuthenticatedCaller {
    guard !credentials.bearerToken.isEmpty else {
      throw CAError(.unauthenticated, "no bearer token: send \"authorization: Bearer <service-account token>\"")
    }
    guard credentials.clusterID.isEmpty || credentials.clusterID == clusterID else {
      throw CAError(.unauthenticated, "clusterid \"\(credentials.clusterID)\" is not this cluster (\"\(clusterID)\")")
    }
    let now = ContinuousClock.now
    if let hit = cache.withLock({ $0[credentials.bearerToken] }), hit.until > now { return hit.caller }
    let result: TokenReview
    do {
      result = try await client.reviewToken(credentials.bearerToken, audiences: [Self.audience])
    } catch {
      throw CAError(.unavailable, "cannot review the token with the Kubernetes API: \(error)")
    }
    guard result.authenticated else {
      throw CAError(.unauthenticated, "token rejected by TokenReview: \(result.error ?? "no reason given")")
    }
    guard result.statusAudiences.isEmpty || result.statusAudiences.contains(Self.audience) else {
      throw CAError(.unauthenticated, "token is not valid for audience \(Self.audience)")
    }
    guard let user = result.user, let account = user.serviceAccount else {
      throw CAError(.unauthenticated, "\(result.user?.username ?? "the caller") is not a service account")
    }
    let podName = user.extra["authentication.kubernetes.io/pod-name"]?.first
    let caller = AuthenticatedCaller(namespace: account.namespace, serviceAccount: account.name, podName: podName)
    cache.withLock { cache in
      if cache.count >= maxCached { cache = cache.filter { $0.value.until > now } }
      if cache.count < maxCached { cache[credentials.bearerToken] = (caller, now + cacheTTL) }
    }
    return caller
  }
}
