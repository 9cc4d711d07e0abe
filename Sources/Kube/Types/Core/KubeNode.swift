import Foundation

/// A Node: where pods run and ztunnel instances live; its `InternalIP` is how nodes reach each
/// other.
///
/// Not called `Node` because the `Kube` module also imports Yams, whose `Node` (a YAML tree node)
/// the YAML reader uses.
public struct KubeNode: KubeResource {
  public static let resourceType = ResourceType.node
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  public var addresses: [NodeAddress] {
    get { (field("status", "addresses")?.arrayValue ?? []).compactMap { NodeAddress(json: $0) } }
    set { setField(.list(newValue), "status", "addresses") }
  }

  /// The first `InternalIP` address.
  public var internalIP: String? { addresses.first { $0.type == "InternalIP" }?.address }

  /// The pod address range assigned to the node (the primary one).
  public var podCIDR: String? {
    get { field("spec", "podCIDR")?.stringValue }
    set { setField(.text(newValue), "spec", "podCIDR") }
  }

  /// All pod ranges (dual stack), or `[podCIDR]` when the list is absent.
  public var podCIDRs: [String] {
    get {
      let listed = (field("spec", "podCIDRs")?.arrayValue ?? []).compactMap(\.stringValue)
      if !listed.isEmpty { return listed }
      return podCIDR.map { [$0] } ?? []
    }
    set { setField(.strings(newValue), "spec", "podCIDRs") }
  }

  public var conditions: [Condition] {
    get { conditions(at: "status", "conditions") }
    set { setConditions(newValue, at: "status", "conditions") }
  }

  /// Adds or replaces the condition of the same type (see `Condition.upsert`).
  public mutating func setCondition(_ condition: Condition, now: Date = Date()) {
    conditions = Condition.upsert(condition, into: conditions, now: now)
  }

  /// Condition `Ready` is `True`.
  public var isReady: Bool { conditions.isTrue("Ready") }
}
