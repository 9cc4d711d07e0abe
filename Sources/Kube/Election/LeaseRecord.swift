import Foundation

/// The leader-election fields of a `coordination.k8s.io/v1` Lease.
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

  public init(spec: JSONValue?) {
    holderIdentity = spec?["holderIdentity"]?.stringValue ?? ""
    leaseDurationSeconds = Int(spec?["leaseDurationSeconds"]?.intValue ?? 0)
    acquireTime = spec?["acquireTime"]?.stringValue.flatMap(KubeTime.parse)
    renewTime = spec?["renewTime"]?.stringValue.flatMap(KubeTime.parse)
    leaseTransitions = Int(spec?["leaseTransitions"]?.intValue ?? 0)
  }

  public var spec: JSONValue {
    var spec: JSONValue = [
      "holderIdentity": .string(holderIdentity), "leaseDurationSeconds": .int(Int64(leaseDurationSeconds)),
      "leaseTransitions": .int(Int64(leaseTransitions)),
    ]
    if let acquireTime { spec["acquireTime"] = .string(KubeTime.formatMicro(acquireTime)) }
    if let renewTime { spec["renewTime"] = .string(KubeTime.formatMicro(renewTime)) }
    return spec
  }
}
