import Shared

/// Which timeouts bound a forwarded request: an HTTPRoute's own `timeouts` take precedence over
/// the Service's VirtualService defaults. A zero duration means "no timeout", as in Istio.
enum TimeoutSelection {
  /// The whole request, retries included.
  static func request(route: L7Route?, defaults: L7RoutePolicy?) -> Duration? {
    positive(route?.requestTimeout) ?? positive(defaults?.timeout)
  }

  /// One attempt: `timeouts.backendRequest`, else `retries.perTryTimeout`.
  static func perTry(route: L7Route?, retry: RetryPolicy) -> Duration? {
    positive(route?.backendRequestTimeout) ?? retry.perTryTimeout
  }

  private static func positive(_ duration: Duration?) -> Duration? {
    guard let duration, duration > .zero else { return nil }
    return duration
  }
}
