import Foundation

/// `status.parents`: each controller reports, per parent it handles, whether it accepted the route.
extension HTTPRoute {
  public var statusParents: [RouteParentStatus] {
    get { (field("status", "parents")?.arrayValue ?? []).compactMap { RouteParentStatus(json: $0) } }
    // `parents` is required in a route status, so an empty list is written rather than removed.
    set { object.json.setValue(.array(newValue.map(\.json)), at: ["status", "parents"]) }
  }

  /// Records `condition` for `parentRef` in `controllerName`'s entry, creating the entry if
  /// needed, and leaving other controllers' entries alone. `lastTransitionTime` is kept when the
  /// status did not change (see `Condition.upsert`).
  public mutating func setParentCondition(
    _ condition: Condition, parentRef: ParentReference, controllerName: String, now: Date = Date()
  ) {
    var parents = statusParents
    let routeNamespace = namespace
    if let index = parents.firstIndex(where: {
      $0.controllerName == controllerName
        && $0.parentRef.refersToSameParent(as: parentRef, routeNamespace: routeNamespace)
    }) {
      parents[index].conditions = Condition.upsert(condition, into: parents[index].conditions, now: now)
    } else {
      parents.append(
        RouteParentStatus(
          parentRef: parentRef, controllerName: controllerName,
          conditions: Condition.upsert(condition, into: [], now: now)))
    }
    statusParents = parents
  }

  /// Removes `controllerName`'s entries for parents no longer in `parentRefs` (a controller must
  /// not leave stale attachments behind).
  public mutating func pruneStatusParents(controllerName: String) {
    let current = parentRefs
    let routeNamespace = namespace
    statusParents = statusParents.filter { entry in
      entry.controllerName != controllerName
        || current.contains { $0.refersToSameParent(as: entry.parentRef, routeNamespace: routeNamespace) }
    }
  }
}
