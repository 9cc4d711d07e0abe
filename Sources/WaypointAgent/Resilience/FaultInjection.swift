import Shared

/// VirtualService fault injection (Envoy's fault filter): a delay for `delay.percentage` of
/// requests, then an abort with `httpStatus` for `abort.percentage` of requests, each drawn
/// independently from the injected random source.
public struct FaultInjection: Sendable, Hashable {
  public var delay: Duration?
  public var abortStatus: Int?

  public init(delay: Duration? = nil, abortStatus: Int? = nil) {
    self.delay = delay
    self.abortStatus = abortStatus
  }

  public static func decide(_ fault: L7Fault?, random: inout some RandomNumberGenerator) -> FaultInjection {
    guard let fault else { return FaultInjection() }
    var result = FaultInjection()
    if let delay = fault.delay, hits(delay.percentage, &random) { result.delay = delay.fixedDelay }
    if let abort = fault.abort, hits(abort.percentage, &random) { result.abortStatus = abort.httpStatus }
    return result
  }

  /// 0 never, 100 always, fractions allowed.
  private static func hits(_ percentage: Double, _ random: inout some RandomNumberGenerator) -> Bool {
    guard percentage > 0 else { return false }
    guard percentage < 100 else { return true }
    return Double.random(in: 0..<100, using: &random) < percentage
  }
}
