import Foundation

/// The leader-election fields of a Lease as one comparable value: what `LeaseDecision` decides on
/// and what a candidate writes back through the `Lease` view.
public struct LeaseRecord: Sendable, Hashable {
  public var holderIdentity: String
  public var leaseDurationSeconds: Int
  public var acquireTime: Date?
  public var renewTime: Date?
  public var leaseTransitions: Int

  public init(
    holderIdentity: String, leaseDurationSeconds: Int, acquireTime: Date?, renewTime: Date?, leaseTransitions: Int
  ) {
    self.holderIdentity = holderIdentity
    self.leaseDurationSeconds = leaseDurationSeconds
    self.acquireTime = acquireTime
    self.renewTime = renewTime
    self.leaseTransitions = leaseTransitions
  }

  public init(_ lease: Lease) {
    self.init(
      holderIdentity: lease.holderIdentity ?? "", leaseDurationSeconds: lease.leaseDurationSeconds ?? 0,
      acquireTime: lease.acquireTime, renewTime: lease.renewTime, leaseTransitions: lease.leaseTransitions ?? 0)
  }

  /// Writes these fields into `lease`, keeping everything else it holds.
  public func apply(to lease: inout Lease) {
    lease.holderIdentity = holderIdentity
    lease.leaseDurationSeconds = leaseDurationSeconds
    lease.acquireTime = acquireTime
    lease.renewTime = renewTime
    lease.leaseTransitions = leaseTransitions
  }
}
