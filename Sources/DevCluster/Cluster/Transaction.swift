import Foundation
import Kube

/// The writes of one API call, staged over a snapshot: reads see the staged writes, each write
/// takes the next resourceVersion, and nothing reaches the store, the journal or the watchers
/// unless the whole call succeeds (`ClusterState.write`). A create that also makes a namespace's
/// default ServiceAccount, or a delete that cascades to dependents, is therefore all or nothing.
struct Transaction: Sendable {
  let registry: ResourceRegistry
  let context: ClusterContext
  let now: Date
  private let base: ObjectStore
  /// Staged objects; `.some(nil)` marks a staged removal.
  private var overlay: [ObjectRef: StoredObject?] = [:]
  /// Owner uid → staged objects that named it, so garbage collection never scans the overlay.
  private var stagedDependents: [String: Set<ObjectRef>] = [:]
  private(set) var changes: [WatchRecord] = []
  private(set) var clusterIPs: ClusterIPAllocator
  /// The resourceVersion of the latest staged write (or of the snapshot when none).
  private(set) var resourceVersion: UInt64

  init(snapshot: ClusterSnapshot, context: ClusterContext, clusterIPs: ClusterIPAllocator, now: Date) {
    self.registry = snapshot.registry
    self.context = context
    self.base = snapshot.store
    self.clusterIPs = clusterIPs
    self.now = now
    self.resourceVersion = snapshot.store.resourceVersion
  }

  /// `now` as Kubernetes writes timestamps: RFC 3339, UTC, whole seconds.
  var timestamp: String { Timestamps.format(now) }

  func get(_ ref: ObjectRef) -> StoredObject? {
    if let staged = overlay[ref] { return staged }
    return base.get(ref)
  }

  func list(storageKey: String, namespace: String?) -> [StoredObject] {
    let stagedHere = overlay.keys.filter {
      $0.storageKey == storageKey && (namespace == nil || $0.namespace == namespace)
    }
    let listed = base.list(storageKey: storageKey, namespace: namespace)
    if stagedHere.isEmpty { return listed }
    var byRef: [ObjectRef: StoredObject] = [:]
    for object in listed {
      byRef[ObjectRef(storageKey: storageKey, namespace: object.object.namespace, name: object.object.name)] = object
    }
    for ref in stagedHere { byRef[ref] = overlay[ref]! }
    return byRef.keys.sorted().map { byRef[$0]! }
  }

  func refs(inNamespace namespace: String) -> [ObjectRef] {
    var refs = Set(base.refs(inNamespace: namespace))
    for (ref, staged) in overlay where ref.namespace == namespace {
      if staged == nil { refs.remove(ref) } else { refs.insert(ref) }
    }
    return refs.sorted()
  }

  func refs(storageKey: String) -> [ObjectRef] {
    var refs = Set(base.refs(storageKey: storageKey))
    for (ref, staged) in overlay where ref.storageKey == storageKey {
      if staged == nil { refs.remove(ref) } else { refs.insert(ref) }
    }
    return refs.sorted()
  }

  /// Objects whose ownerReferences name `uid`, as staged.
  func dependents(ofOwnerUID uid: String) -> [ObjectRef] {
    var refs: [ObjectRef] = []
    for ref in base.dependents(ofOwnerUID: uid).union(stagedDependents[uid] ?? []) {
      if let object = get(ref)?.object, object.ownerReferences.contains(where: { $0.uid == uid }) { refs.append(ref) }
    }
    return refs.sorted()
  }

  /// Stages `object` at `ref` with the next resourceVersion and returns it as it will be stored.
  @discardableResult
  mutating func put(_ object: KubeObject, at ref: ObjectRef) -> StoredObject {
    var object = object
    resourceVersion += 1
    object.resourceVersion = String(resourceVersion)
    let previous = get(ref)
    let stored = StoredObject(object)
    overlay[ref] = .some(stored)
    for owner in object.ownerReferences { stagedDependents[owner.uid, default: []].insert(ref) }
    if ref.storageKey == ResourceType.service.qualifiedName {
      trackClusterIP(from: previous?.object, to: object)
    }
    changes.append(
      WatchRecord(type: previous == nil ? .added : .modified, ref: ref, object: stored, previous: previous))
    return stored
  }

  /// Stages the removal of `ref`; returns its last state (`lastState`, or the stored object) at
  /// the deletion's resourceVersion.
  @discardableResult
  mutating func remove(_ ref: ObjectRef, lastState: KubeObject? = nil) -> StoredObject? {
    guard let previous = get(ref) else { return nil }
    resourceVersion += 1
    var last = lastState ?? previous.object
    last.resourceVersion = String(resourceVersion)
    let stored = StoredObject(last)
    overlay[ref] = .some(nil)
    if ref.storageKey == ResourceType.service.qualifiedName { trackClusterIP(from: previous.object, to: nil) }
    changes.append(WatchRecord(type: .deleted, ref: ref, object: stored, previous: previous))
    return stored
  }

  mutating func allocateClusterIP() -> String? { clusterIPs.allocate() }

  func isClusterIPInUse(_ address: String) -> Bool { clusterIPs.isInUse(address) }

  private mutating func trackClusterIP(from old: KubeObject?, to new: KubeObject?) {
    let oldIPs = Set(Self.clusterIPs(of: old))
    let newIPs = Set(Self.clusterIPs(of: new))
    for address in oldIPs.subtracting(newIPs) { clusterIPs.release(address) }
    for address in newIPs.subtracting(oldIPs) { clusterIPs.claim(address) }
  }

  static func clusterIPs(of service: KubeObject?) -> [String] {
    guard let spec = service?.spec else { return [] }
    var addresses = (spec["clusterIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
    if let single = spec["clusterIP"]?.stringValue, !addresses.contains(single) { addresses.append(single) }
    return addresses.filter { $0 != "None" && !$0.isEmpty }
  }
}
