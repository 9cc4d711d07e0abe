import Foundation

/// What a candidate should do with the lease it just read: client-go's leader-election rules as a
/// pure function.
///
/// Expiry is judged by when *this* process last saw the record change (a monotonic instant), not by
/// the holder's `renewTime`, so clock skew between replicas cannot make two of them leader at once.
public enum LeaseDecision: Sendable, Hashable {
  /// No lease yet: create it holding it.
  case create(LeaseRecord)
  /// Write this record (renewal by the holder, or take-over of an expired or released lease).
  case update(LeaseRecord)
  /// Someone else holds a live lease.
  case wait

  public static func decide(
    current: LeaseRecord?, identity: String, now: Date, observedUnchangedFor: Duration, leaseDuration: Duration
  ) -> LeaseDecision {
    let seconds = Int(leaseDuration.components.seconds)
    guard let current else {
      return .create(
        LeaseRecord(
          holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now,
          leaseTransitions: 0))
    }
    if current.holderIdentity == identity {
      var renewed = current
      renewed.renewTime = now
      renewed.leaseDurationSeconds = seconds
      return .update(renewed)
    }
    let heldDuration = Duration.seconds(current.leaseDurationSeconds > 0 ? current.leaseDurationSeconds : seconds)
    if !current.holderIdentity.isEmpty, observedUnchangedFor < heldDuration { return .wait }
    return .update(
      LeaseRecord(
        holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now,
        leaseTransitions: current.leaseTransitions + 1))
  }
}
