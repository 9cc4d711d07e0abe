import Kube

/// The objects of the cluster, in memory, keyed by resource, namespace and name, with the one
/// cluster-wide resourceVersion counter (etcd's revision) and an index of owners to dependents so
/// garbage collection does not scan every object.
struct ObjectStore: Sendable {
  /// The resourceVersion of the latest write; the next write gets `resourceVersion + 1`.
  private(set) var resourceVersion: UInt64 = 0
  /// storage key → namespace → name → object.
  private var buckets: [String: [String: [String: StoredObject]]] = [:]
  /// owner uid → objects whose ownerReferences name it.
  private var dependentsByOwner: [String: Set<ObjectRef>] = [:]
  private(set) var count = 0

  init() {}

  func get(_ ref: ObjectRef) -> StoredObject? { buckets[ref.storageKey]?[ref.namespace]?[ref.name] }

  /// Objects of one resource, in one namespace or all, sorted by namespace then name (the order
  /// kube-apiserver lists in).
  func list(storageKey: String, namespace: String?) -> [StoredObject] {
    guard let bucket = buckets[storageKey] else { return [] }
    if let namespace {
      guard let objects = bucket[namespace] else { return [] }
      return objects.keys.sorted().map { objects[$0]! }
    }
    var result: [StoredObject] = []
    for space in bucket.keys.sorted() {
      let objects = bucket[space]!
      for name in objects.keys.sorted() { result.append(objects[name]!) }
    }
    return result
  }

  /// Every object in a namespace, of any resource.
  func refs(inNamespace namespace: String) -> [ObjectRef] {
    var refs: [ObjectRef] = []
    for (storageKey, bucket) in buckets {
      guard let objects = bucket[namespace] else { continue }
      for name in objects.keys { refs.append(ObjectRef(storageKey: storageKey, namespace: namespace, name: name)) }
    }
    return refs.sorted()
  }

  func refs(storageKey: String) -> [ObjectRef] {
    var refs: [ObjectRef] = []
    for (namespace, objects) in buckets[storageKey] ?? [:] {
      for name in objects.keys { refs.append(ObjectRef(storageKey: storageKey, namespace: namespace, name: name)) }
    }
    return refs.sorted()
  }

  func dependents(ofOwnerUID uid: String) -> Set<ObjectRef> { dependentsByOwner[uid] ?? [] }

  mutating func put(_ ref: ObjectRef, _ object: StoredObject) {
    let previous = get(ref)
    if previous == nil { count += 1 }
    buckets[ref.storageKey, default: [:]][ref.namespace, default: [:]][ref.name] = object
    reindexOwners(ref, from: previous?.object, to: object.object)
    resourceVersion = max(resourceVersion, object.resourceVersion)
  }

  mutating func remove(_ ref: ObjectRef) {
    guard let previous = get(ref) else { return }
    count -= 1
    buckets[ref.storageKey]?[ref.namespace]?[ref.name] = nil
    if buckets[ref.storageKey]?[ref.namespace]?.isEmpty == true { buckets[ref.storageKey]?[ref.namespace] = nil }
    reindexOwners(ref, from: previous.object, to: nil)
  }

  /// Records a write that left no object behind (a delete) so the counter never goes back.
  mutating func advance(to version: UInt64) { resourceVersion = max(resourceVersion, version) }

  /// Every object, for journal compaction.
  func allObjects() -> [(ObjectRef, StoredObject)] {
    var result: [(ObjectRef, StoredObject)] = []
    result.reserveCapacity(count)
    for storageKey in buckets.keys.sorted() {
      for ref in refs(storageKey: storageKey) { result.append((ref, get(ref)!)) }
    }
    return result
  }

  private mutating func reindexOwners(_ ref: ObjectRef, from old: KubeObject?, to new: KubeObject?) {
    let oldOwners = Set(old?.ownerReferences.map(\.uid) ?? [])
    let newOwners = Set(new?.ownerReferences.map(\.uid) ?? [])
    for uid in oldOwners.subtracting(newOwners) {
      dependentsByOwner[uid]?.remove(ref)
      if dependentsByOwner[uid]?.isEmpty == true { dependentsByOwner[uid] = nil }
    }
    for uid in newOwners.subtracting(oldOwners) { dependentsByOwner[uid, default: []].insert(ref) }
  }
}
