import Kube

extension Transaction {
  /// Which part of an object a write replaces.
  enum UpdateTarget: Sendable {
    /// The object; its status is kept when the kind has a status subresource.
    case main
    /// Only `status` (the `/status` subresource).
    case status
  }

  /// Replaces the stored object named like `object` (already checked against the path).
  ///
  /// A stale `resourceVersion` is a 409 Conflict; server-set metadata and (for kinds with a
  /// status subresource) the status are kept from the stored object; `generation` moves when
  /// anything but metadata and status changes; an update that changes nothing writes nothing;
  /// an update that removes the last finalizer of an object being deleted completes the delete.
  @discardableResult
  mutating func update(
    _ object: KubeObject, resource: ServedResource, target: UpdateTarget, requireResourceVersion: Bool
  ) throws(KubeAPIError) -> StoredObject {
    let ref = ObjectRef(storageKey: resource.storageKey, namespace: object.namespace, name: object.name)
    guard let existing = get(ref) else { throw KubeAPIError.notFound(resource, name: object.name) }
    let old = existing.object
    if !object.resourceVersion.isEmpty, object.resourceVersion != old.resourceVersion {
      throw KubeAPIError.conflict(resource, name: object.name)
    }
    if object.resourceVersion.isEmpty, requireResourceVersion {
      throw KubeAPIError.invalid(
        resource.type, name: object.name,
        [.invalid("metadata.resourceVersion", "0x0", "must be specified for an update")])
    }
    if !object.uid.isEmpty, object.uid != old.uid {
      throw KubeAPIError.conflict(
        resource, name: object.name,
        detail: "Precondition failed: UID in precondition: \(object.uid), UID in object meta: \(old.uid)")
    }

    var new: KubeObject
    switch target {
    case .status:
      new = old
      new.status = object.status
    case .main:
      new = object
      var metadata = new.metadata
      for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
        metadata[field] = old.metadata[field]
      }
      new.metadata = metadata
      if resource.hasStatusSubresource { new.status = old.status }
      if old.deletionTimestamp != nil {
        let before = Set(Self.finalizers(of: old))
        if let added = Self.finalizers(of: new).first(where: { !before.contains($0) }) {
          throw KubeAPIError.forbidden(
            resource, name: object.name,
            "no new finalizers can be added if the object is being deleted, found new finalizers [\"\(added)\"]")
        }
      }
      try ObjectDefaults.onUpdate(&new, old: old, resource: resource, in: &self)
      if Self.specPart(of: new) != Self.specPart(of: old), old.metadata["generation"] != nil {
        new.generation = old.generation + 1
      }
    }
    new.resourceVersion = old.resourceVersion
    if new == old { return existing }

    if new.deletionTimestamp != nil, Self.finalizers(of: new).isEmpty {
      if ref.storageKey == ResourceType.namespace.qualifiedName {
        let stored = put(new, at: ref)
        return completeNamespaceDeletion(ref.name) ?? stored
      }
      let removed = remove(ref, lastState: new)!
      collectDependents(ofOwnerUID: old.uid)
      completeNamespaceDeletion(ref.namespace)
      return removed
    }
    return put(new, at: ref)
  }

  static func finalizers(of object: KubeObject) -> [String] {
    (object.metadata["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
  }

  /// Everything but metadata and status: what `generation` counts changes of.
  static func specPart(of object: KubeObject) -> JSONValue {
    var json = object.json
    json["metadata"] = nil
    json["status"] = nil
    return json
  }
}
