import Kube

extension Transaction {
  /// Deletes the object at `ref` as kube-apiserver and its controllers together would:
  /// - with `metadata.finalizers`, it only gets a `deletionTimestamp` and goes once they are removed;
  /// - a Namespace takes everything in it along (and stays `Terminating` while objects with
  ///   finalizers remain);
  /// - a CustomResourceDefinition takes all objects of its kind along;
  /// - dependents (objects whose ownerReferences hold its uid) are deleted after it (Background),
  ///   before it (Foreground), or released from it (Orphan). The garbage collector's work is done
  ///   at once, in the same transaction, instead of eventually.
  /// Returns the object as the DELETE answer shows it.
  @discardableResult
  mutating func delete(
    _ ref: ObjectRef, resource: ServedResource, options: DeleteOptions
  ) throws(KubeAPIError)
    -> StoredObject
  {
    guard let existing = get(ref) else { throw KubeAPIError.notFound(resource, name: ref.name) }
    let object = existing.object
    if let uid = options.preconditionUID, uid != object.uid {
      throw KubeAPIError.conflict(
        resource, name: ref.name,
        detail: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(object.uid)")
    }
    if let version = options.preconditionResourceVersion, version != object.resourceVersion {
      throw KubeAPIError.conflict(
        resource, name: ref.name,
        detail:
          "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: \(object.resourceVersion)"
      )
    }
    if ref.storageKey == ResourceType.namespace.qualifiedName { return deleteNamespace(ref, existing: existing) }
    if ref.storageKey == ResourceType.customResourceDefinition.qualifiedName,
      let definition = try? ServedCustomResource(object: object)
    {
      for member in refs(storageKey: "\(definition.plural).\(definition.group)") {
        remove(member)
      }
    }
    return deleteObject(ref, existing: existing, propagation: options.propagation)
  }

  /// `completesNamespace` is false while a namespace deletes its content: it checks for the
  /// empty namespace once at the end instead of after every object.
  private mutating func deleteObject(
    _ ref: ObjectRef, existing: StoredObject, propagation: DeleteOptions.Propagation, completesNamespace: Bool = true
  ) -> StoredObject {
    let object = existing.object
    if !Self.finalizers(of: object).isEmpty {
      guard object.deletionTimestamp == nil else { return existing }
      var marked = object
      marked.json.setValue(.string(timestamp), at: ["metadata", "deletionTimestamp"])
      marked.json.setValue(0, at: ["metadata", "deletionGracePeriodSeconds"])
      let stored = put(marked, at: ref)
      handleDependents(ofOwnerUID: object.uid, propagation: propagation, completesNamespace: completesNamespace)
      return stored
    }
    if propagation == .foreground || propagation == .orphan {
      handleDependents(ofOwnerUID: object.uid, propagation: propagation, completesNamespace: completesNamespace)
    }
    let removed = remove(ref)!
    if propagation == .background { collectDependents(ofOwnerUID: object.uid, completesNamespace: completesNamespace) }
    if completesNamespace { completeNamespaceDeletion(ref.namespace) }
    return removed
  }

  private mutating func handleDependents(
    ofOwnerUID uid: String, propagation: DeleteOptions.Propagation, completesNamespace: Bool
  ) {
    switch propagation {
    case .orphan:
      for dependent in dependents(ofOwnerUID: uid) {
        guard var object = get(dependent)?.object else { continue }
        object.ownerReferences = object.ownerReferences.filter { $0.uid != uid }
        put(object, at: dependent)
      }
    case .background, .foreground:
      collectDependents(ofOwnerUID: uid, completesNamespace: completesNamespace)
    }
  }

  /// The garbage collector for one deleted owner: a dependent with no other live owner is
  /// deleted (recursively, in the background); one with other live owners only loses the
  /// dangling reference.
  mutating func collectDependents(ofOwnerUID uid: String, completesNamespace: Bool = true) {
    for dependent in dependents(ofOwnerUID: uid) {
      guard let stored = get(dependent) else { continue }
      var object = stored.object
      let others = object.ownerReferences.filter { $0.uid != uid }
      if others.contains(where: { ownerExists($0, dependentNamespace: dependent.namespace) }) {
        object.ownerReferences = others
        put(object, at: dependent)
      } else {
        _ = deleteObject(dependent, existing: stored, propagation: .background, completesNamespace: completesNamespace)
      }
    }
  }

  private func ownerExists(_ owner: OwnerReference, dependentNamespace: String) -> Bool {
    guard let resource = registry.resource(apiVersion: owner.apiVersion, kind: owner.kind) else { return false }
    let ref = ObjectRef(
      storageKey: resource.storageKey, namespace: resource.type.namespaced ? dependentNamespace : "", name: owner.name)
    return get(ref)?.object.uid == owner.uid
  }

  /// Marks the namespace Terminating, deletes its content, and removes it when nothing is left.
  private mutating func deleteNamespace(_ ref: ObjectRef, existing: StoredObject) -> StoredObject {
    var result = existing
    if existing.object.deletionTimestamp == nil {
      var marked = existing.object
      marked.json.setValue(.string(timestamp), at: ["metadata", "deletionTimestamp"])
      marked.json.setValue(0, at: ["metadata", "deletionGracePeriodSeconds"])
      marked.json.setValue("Terminating", at: ["status", "phase"])
      result = put(marked, at: ref)
    }
    for member in refs(inNamespace: ref.name) {
      guard let stored = get(member) else { continue }
      _ = deleteObject(member, existing: stored, propagation: .background, completesNamespace: false)
    }
    if let removed = completeNamespaceDeletion(ref.name) { return removed }
    return result
  }

  /// Removes a Terminating namespace once it holds no objects and no finalizers.
  @discardableResult
  mutating func completeNamespaceDeletion(_ namespace: String) -> StoredObject? {
    guard !namespace.isEmpty else { return nil }
    let ref = ObjectRef(storageKey: ResourceType.namespace.qualifiedName, namespace: "", name: namespace)
    guard let stored = get(ref), stored.object.deletionTimestamp != nil, Self.finalizers(of: stored.object).isEmpty,
      refs(inNamespace: namespace).isEmpty
    else { return nil }
    return remove(ref)
  }
}
