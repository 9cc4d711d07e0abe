import Shared

/// When and how often a failed attempt is tried again, with Istio's translation of
/// VirtualService `retries` (istio/pilot/pkg/networking/core/route/retry).
///
/// Without a `retries` block Istio applies its default: 2 retries on
/// `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes` with 503 as
/// the retriable status. `attempts: 0` turns retries off. A written `retryOn` replaces the
/// default conditions *and* the default 503 (numeric tokens become the retriable statuses, and
/// imply `retriable-status-codes`); an empty `retryOn` keeps the defaults with the new count.
public struct RetryPolicy: Sendable, Hashable {
  /// Retries after the first attempt.
  public var attempts: Int
  public var perTryTimeout: Duration?
  public var conditions: RetryCondition
  public var retriableStatusCodes: Set<Int>
  /// `retryOn` tokens this waypoint does not implement, for the config dump.
  public var ignoredTokens: [String]

  public init(
    attempts: Int, perTryTimeout: Duration? = nil, conditions: RetryCondition, retriableStatusCodes: Set<Int> = [],
    ignoredTokens: [String] = []
  ) {
    self.attempts = attempts
    self.perTryTimeout = perTryTimeout
    self.conditions = conditions
    self.retriableStatusCodes = retriableStatusCodes
    self.ignoredTokens = ignoredTokens
  }

  public static let istioDefault = RetryPolicy(
    attempts: 2,
    conditions: [.connectFailure, .refusedStream, .grpcUnavailable, .grpcCancelled, .retriableStatusCodes],
    retriableStatusCodes: [503])

  public static let none = RetryPolicy(attempts: 0, conditions: [])

  /// Istio's translation of `retries`; `nil` (not written) is Istio's default policy.
  public init(_ retry: L7Retry?) {
    guard let retry else {
      self = .istioDefault
      return
    }
    guard retry.attempts > 0 else {
      self = .none
      return
    }
    self = .istioDefault
    attempts = retry.attempts
    perTryTimeout = retry.perTryTimeout.flatMap { $0 > .zero ? $0 : nil }
    let tokens = retry.retryOn.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    guard !tokens.isEmpty else { return }
    conditions = []
    retriableStatusCodes = []
    for token in tokens {
      if let code = Int(token), (100...599).contains(code) {
        retriableStatusCodes.insert(code)
        conditions.insert(.retriableStatusCodes)
      } else if let condition = RetryCondition(token: token) {
        conditions.insert(condition)
      } else {
        ignoredTokens.append(token)
      }
    }
  }

  /// Whether to try again after `outcome`, given that `attemptsMade` attempts (the first
  /// included) were made. Envoy's meanings: "5xx" and "gateway-error" also cover every attempt
  /// that got no response, and "reset" covers connect failures and per-try timeouts.
  public func shouldRetry(after outcome: UpstreamOutcome, attemptsMade: Int) -> Bool {
    guard attemptsMade <= attempts else { return false }
    switch outcome {
    case .connectFailure:
      return !conditions.isDisjoint(with: [.serverError, .gatewayError, .reset, .connectFailure])
    case .refusedStream:
      return !conditions.isDisjoint(with: [.serverError, .gatewayError, .reset, .refusedStream])
    case .reset, .perTryTimeout:
      return !conditions.isDisjoint(with: [.serverError, .gatewayError, .reset])
    case .response(let status, let grpcStatus):
      if conditions.contains(.serverError), status >= 500 { return true }
      if conditions.contains(.gatewayError), [502, 503, 504].contains(status) { return true }
      if conditions.contains(.retriable4xx), status == 409 { return true }
      if conditions.contains(.retriableStatusCodes), retriableStatusCodes.contains(status) { return true }
      if let grpcStatus {
        switch grpcStatus {
        case 1: return conditions.contains(.grpcCancelled)
        case 4: return conditions.contains(.grpcDeadlineExceeded)
        case 8: return conditions.contains(.grpcResourceExhausted)
        case 13: return conditions.contains(.grpcInternal)
        case 14: return conditions.contains(.grpcUnavailable)
        default: return false
        }
      }
      return false
    }
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var slice = self[...]
    while slice.first == " " { slice = slice.dropFirst() }
    while slice.last == " " { slice = slice.dropLast() }
    return String(slice)
  }
}
