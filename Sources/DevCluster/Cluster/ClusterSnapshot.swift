import Kube

/// A consistent read-only view of the cluster at one resourceVersion. Taking one is O(1) (the
/// store is copy-on-write), so lists are served outside the lock.
struct ClusterSnapshot: Sendable {
  let store: ObjectStore
  let registry: ResourceRegistry

  var resourceVersion: UInt64 { store.resourceVersion }

  func get(_ ref: ObjectRef) -> StoredObject? { store.get(ref) }

  func get(_ resource: ServedResource, namespace: String, name: String) -> StoredObject? {
    store.get(
      ObjectRef(storageKey: resource.storageKey, namespace: resource.type.namespaced ? namespace : "", name: name))
  }

  func list(_ resource: ServedResource, namespace: String?) -> [StoredObject] {
    store.list(storageKey: resource.storageKey, namespace: resource.type.namespaced ? namespace : nil)
  }
}
