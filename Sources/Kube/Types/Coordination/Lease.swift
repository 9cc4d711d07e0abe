import Foundation

/// A Lease (`coordination.k8s.io`): the lock control-plane replicas elect a leader with.
///
/// Times are `MicroTime` on the wire (`2006-01-02T15:04:05.000000Z`); the setters write that
/// format so that other clients (client-go's leader election among them) can read them.
public struct Lease: KubeResource {
  public static let resourceType = ResourceType.lease
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// Who holds the lease; `nil` (or empty) when released.
  public var holderIdentity: String? {
    get { field("spec", "holderIdentity")?.stringValue }
    set { setField(.text(newValue), "spec", "holderIdentity") }
  }

  /// How long a holder's claim lasts after its last renewal.
  public var leaseDurationSeconds: Int? {
    get { field("spec", "leaseDurationSeconds")?.intValue.flatMap { Int(exactly: $0) } }
    set { setField(.integer(newValue), "spec", "leaseDurationSeconds") }
  }

  public var acquireTime: Date? {
    get { field("spec", "acquireTime")?.stringValue.flatMap(KubeTime.parse) }
    set { setField(newValue.map { .string(KubeTime.formatMicro($0)) }, "spec", "acquireTime") }
  }

  public var renewTime: Date? {
    get { field("spec", "renewTime")?.stringValue.flatMap(KubeTime.parse) }
    set { setField(newValue.map { .string(KubeTime.formatMicro($0)) }, "spec", "renewTime") }
  }

  /// How many times the lease changed hands.
  public var leaseTransitions: Int? {
    get { field("spec", "leaseTransitions")?.intValue.flatMap { Int(exactly: $0) } }
    set { setField(.integer(newValue), "spec", "leaseTransitions") }
  }

  /// When the current claim runs out: the last renewal (or acquisition) plus the duration; `nil`
  /// when either is missing, which a contender treats as free to take.
  public var expiry: Date? {
    guard let start = renewTime ?? acquireTime, let duration = leaseDurationSeconds else { return nil }
    return start.addingTimeInterval(TimeInterval(duration))
  }

  /// Whether nobody validly holds the lease at `now`.
  public func isFree(at now: Date) -> Bool {
    guard let holder = holderIdentity, !holder.isEmpty, let expiry else { return true }
    return expiry <= now
  }
}
