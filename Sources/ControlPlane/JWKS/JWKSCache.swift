import Logging
import Shared
import Synchronization

/// Key sets by `jwksUri`, fetched in the background: each URI translation needs is fetched at
/// once, then refreshed every `refreshInterval` (20 minutes, Istio's default); a failed fetch is
/// retried with jittered backoff and keeps the last good keys. Every change of what is known
/// (new keys, a new error, an error cleared) calls `onChange`, so the publisher re-translates.
///
/// Translation never waits on the network: it reads `snapshot()`. A URI with no keys yet is
/// pushed with an empty key set, which rejects every token (fail closed).
public final class JWKSCache: Sendable {
  private let fetcher: any JWKSFetching
  private let refreshInterval: Duration
  private let retryInitial: Duration
  private let retryMax: Duration
  private let logger: Logger
  private let state = Mutex(State())

  private struct State {
    var entries: [String: JWKSState] = [:]
    var tasks: [String: Task<Void, Never>] = [:]
    var onChange: (@Sendable () -> Void)?
  }

  public init(
    fetcher: any JWKSFetching = HTTPJWKSFetcher(), refreshInterval: Duration = .seconds(20 * 60),
    retryInitial: Duration = .seconds(1), retryMax: Duration = .seconds(5 * 60),
    logger: Logger = Logger(label: "mesh.controlplane.jwks")
  ) {
    self.fetcher = fetcher
    self.refreshInterval = refreshInterval
    self.retryInitial = retryInitial
    self.retryMax = retryMax
    self.logger = logger
  }

  deinit { stop() }

  /// Called after every change of `snapshot()` (replaces a previous callback).
  public func onChange(_ callback: @escaping @Sendable () -> Void) {
    state.withLock { $0.onChange = callback }
  }

  /// What is known about each wanted URI.
  public func snapshot() -> [String: JWKSState] { state.withLock { $0.entries } }

  /// Starts fetching URIs not yet wanted and stops (and forgets) URIs no longer wanted.
  public func want(_ uris: Set<String>) {
    state.withLock { state in
      for (uri, task) in state.tasks where !uris.contains(uri) {
        task.cancel()
        state.tasks[uri] = nil
        state.entries[uri] = nil
      }
      for uri in uris where state.tasks[uri] == nil {
        state.tasks[uri] = Task { [weak self] in await self?.keepFresh(uri) }
      }
    }
  }

  /// Cancels every fetch loop.
  public func stop() {
    let tasks = state.withLock { state in
      defer { state.tasks = [:] }
      return Array(state.tasks.values)
    }
    for task in tasks { task.cancel() }
  }

  private func keepFresh(_ uri: String) async {
    var backoff = RetryBackoff(initial: retryInitial, max: retryMax)
    while !Task.isCancelled {
      let outcome: JWKSState
      do {
        let keys = try JWKSDocument.validate(try await fetcher.fetch(uri))
        outcome = JWKSState(keys: keys, lastError: nil)
      } catch let error as JWKSError {
        outcome = JWKSState(keys: nil, lastError: "the key set from \(uri) is unusable: \(error.message)")
      } catch {
        outcome = JWKSState(keys: nil, lastError: "fetching \(uri) failed: \(error)")
      }
      if Task.isCancelled { return }
      record(uri, outcome)
      let delay: Duration
      if outcome.lastError == nil {
        backoff.reset()
        delay = refreshInterval
      } else {
        delay = backoff.next()
        logger.warning(
          "JWKS fetch failed", metadata: ["jwks.uri": "\(uri)", "jwks.error": "\(outcome.lastError ?? "")"])
      }
      try? await Task.sleep(for: delay)
    }
  }

  /// Merges a fetch outcome: a failure keeps the last good keys.
  private func record(_ uri: String, _ outcome: JWKSState) {
    let callback: (@Sendable () -> Void)? = state.withLock { state in
      guard state.tasks[uri] != nil else { return nil }
      let old = state.entries[uri]
      var next = outcome
      if next.keys == nil { next.keys = old?.keys }
      guard next != old else { return nil }
      state.entries[uri] = next
      return state.onChange
    }
    callback?()
  }
}
