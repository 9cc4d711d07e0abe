/// Envoy's `retry_on` conditions (x-envoy-retry-on / x-envoy-retry-grpc-on), as Istio's
/// `retries.retryOn` passes them through.
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
public struct RetryCondition: OptionSet, Sendable, Hashable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Any 5xx response, and no response at all (connect failure, reset, per-try timeout).
  public static let serverError = RetryCondition(rawValue: 1 << 0)
  /// 502, 503, 504, and no response at all.
  public static let gatewayError = RetryCondition(rawValue: 1 << 1)
  /// No response at all: reset, connect failure, refused stream, per-try timeout.
  public static let reset = RetryCondition(rawValue: 1 << 2)
  public static let connectFailure = RetryCondition(rawValue: 1 << 3)
  /// 409 Conflict.
  public static let retriable4xx = RetryCondition(rawValue: 1 << 4)
  public static let refusedStream = RetryCondition(rawValue: 1 << 5)
  /// Statuses listed in the policy's `retriableStatusCodes`.
  public static let retriableStatusCodes = RetryCondition(rawValue: 1 << 6)
  /// gRPC statuses of the response: CANCELLED (1), DEADLINE_EXCEEDED (4), RESOURCE_EXHAUSTED (8),
  /// INTERNAL (13), UNAVAILABLE (14).
  public static let grpcCancelled = RetryCondition(rawValue: 1 << 7)
  public static let grpcDeadlineExceeded = RetryCondition(rawValue: 1 << 8)
  public static let grpcResourceExhausted = RetryCondition(rawValue: 1 << 9)
  public static let grpcInternal = RetryCondition(rawValue: 1 << 10)
  public static let grpcUnavailable = RetryCondition(rawValue: 1 << 11)

  /// The condition an Envoy `retry_on` token names, `nil` for tokens this waypoint does not
  /// implement (`retriable-headers`, `envoy-ratelimited`, `http3-post-connect-failure`, typos).
  public init?(token: String) {
    switch token {
    case "5xx": self = .serverError
    case "gateway-error": self = .gatewayError
    case "reset", "reset-before-request": self = .reset
    case "connect-failure": self = .connectFailure
    case "retriable-4xx": self = .retriable4xx
    case "refused-stream": self = .refusedStream
    case "retriable-status-codes": self = .retriableStatusCodes
    case "cancelled": self = .grpcCancelled
    case "deadline-exceeded": self = .grpcDeadlineExceeded
    case "resource-exhausted": self = .grpcResourceExhausted
    case "internal": self = .grpcInternal
    case "unavailable": self = .grpcUnavailable
    default: return nil
    }
  }
}
