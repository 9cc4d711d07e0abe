import Foundation

/// `status`: read by the control plane, written by whatever runs the pod (the kubelet, or the dev
/// cluster's node runner).
extension Pod {
  /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
  public var phase: String? {
    get { field("status", "phase")?.stringValue }
    set { setField(.text(newValue), "status", "phase") }
  }

  /// `Succeeded` or `Failed`: the pod will never run again and its address may be reused.
  public var isTerminal: Bool { phase == "Succeeded" || phase == "Failed" }

  /// The primary address; `nil` until the pod has one.
  public var podIP: String? {
    get { field("status", "podIP")?.stringValue }
    set { setField(.text(newValue), "status", "podIP") }
  }

  /// Every address (dual stack), from `status.podIPs[].ip`, or `[podIP]` for servers that only
  /// fill the primary.
  public var podIPs: [String] {
    get {
      let listed = (field("status", "podIPs")?.arrayValue ?? []).compactMap { $0.string("ip") }
      if !listed.isEmpty { return listed }
      return podIP.map { [$0] } ?? []
    }
    set { setField(newValue.isEmpty ? nil : .array(newValue.map { ["ip": .string($0)] }), "status", "podIPs") }
  }

  /// Sets `podIP` to the first address and `podIPs` to all of them, as the kubelet reports them.
  public mutating func setIPs(_ addresses: [String]) {
    podIP = addresses.first
    podIPs = addresses
  }

  /// The address of the node the pod runs on.
  public var hostIP: String? {
    get { field("status", "hostIP")?.stringValue }
    set { setField(.text(newValue), "status", "hostIP") }
  }

  public var conditions: [Condition] {
    get { conditions(at: "status", "conditions") }
    set { setConditions(newValue, at: "status", "conditions") }
  }

  /// Adds or replaces the condition of the same type, keeping `lastTransitionTime` when the status
  /// did not change (see `Condition.upsert`).
  public mutating func setCondition(_ condition: Condition, now: Date = Date()) {
    conditions = Condition.upsert(condition, into: conditions, now: now)
  }

  /// Condition `Ready` is `True`: the pod may receive traffic.
  public var isReady: Bool { conditions.isTrue("Ready") }

  public var containerStatuses: [ContainerStatus] {
    get { (field("status", "containerStatuses")?.arrayValue ?? []).compactMap { ContainerStatus(json: $0) } }
    set { setField(.list(newValue), "status", "containerStatuses") }
  }
}
