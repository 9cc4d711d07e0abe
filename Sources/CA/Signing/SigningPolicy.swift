import Foundation

/// Lifetimes of issued workload certificates (Istio: 24 h default, 90 days maximum).
public struct SigningPolicy: Hashable, Sendable {
  public var defaultTTL: TimeInterval
  public var maxTTL: TimeInterval
  /// notBefore is moved this far into the past so peers with slightly slow clocks accept a
  /// certificate the moment it is issued.
  public var backdate: TimeInterval

  public init(defaultTTL: TimeInterval = 24 * 3600, maxTTL: TimeInterval = 90 * 24 * 3600, backdate: TimeInterval = 120)
  {
    self.defaultTTL = defaultTTL
    self.maxTTL = maxTTL
    self.backdate = backdate
  }

  /// The lifetime to issue for a requested `validity_duration` (seconds; 0 = default).
  public func ttl(requestedSeconds: Int64) throws(CAError) -> TimeInterval {
    if requestedSeconds < 0 {
      throw CAError(.invalidRequest, "validity_duration \(requestedSeconds)s is negative; send 0 for the default")
    }
    if requestedSeconds == 0 { return defaultTTL }
    let requested = TimeInterval(requestedSeconds)
    if requested > maxTTL {
      throw CAError(
        .invalidRequest,
        "validity_duration \(requestedSeconds)s exceeds this CA's maximum of \(Int(maxTTL))s (\(Int(maxTTL / 86400)) days)"
      )
    }
    return requested
  }
}
