/// Istio VirtualService resilience settings for a host: timeout, retries, fault injection.
public struct L7RoutePolicy: Sendable, Hashable {
  public var timeout: Duration?
  public var retry: L7Retry?
  public var fault: L7Fault?

  public init(timeout: Duration? = nil, retry: L7Retry? = nil, fault: L7Fault? = nil) {
    self.timeout = timeout
    self.retry = retry
    self.fault = fault
  }
}

/// `retries`: `attempts` more tries after the first, each bounded by `perTryTimeout`, on the
/// Envoy `retryOn` conditions (`5xx`, `connect-failure`, ...).
public struct L7Retry: Sendable, Hashable {
  public var attempts: Int
  public var perTryTimeout: Duration?
  public var retryOn: [String]

  public init(attempts: Int, perTryTimeout: Duration? = nil, retryOn: [String] = []) {
    self.attempts = attempts
    self.perTryTimeout = perTryTimeout
    self.retryOn = retryOn
  }
}

/// `fault`: delay and/or abort a percentage of requests (percentages 0...100).
public struct L7Fault: Sendable, Hashable {
  public struct Delay: Sendable, Hashable {
    public var fixedDelay: Duration
    public var percentage: Double
    public init(fixedDelay: Duration, percentage: Double) {
      self.fixedDelay = fixedDelay
      self.percentage = percentage
    }
  }
  public struct Abort: Sendable, Hashable {
    public var httpStatus: Int
    public var percentage: Double
    public init(httpStatus: Int, percentage: Double) {
      self.httpStatus = httpStatus
      self.percentage = percentage
    }
  }
  public var delay: Delay?
  public var abort: Abort?

  public init(delay: Delay? = nil, abort: Abort? = nil) {
    self.delay = delay
    self.abort = abort
  }
}
