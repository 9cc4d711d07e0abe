import Kube

/// What one watch (or list) selects: a resource, optionally one namespace, and label and field
/// selectors.
struct WatchFilter: Sendable {
  var storageKey: String
  var namespace: String?
  var labelSelector: LabelSelector?
  /// Field selector terms, all of which must hold.
  var fieldTerms: [FieldSelector.Term] = []

  var isFiltered: Bool { labelSelector != nil || !fieldTerms.isEmpty }

  func matches(_ object: KubeObject) -> Bool {
    if let namespace, object.namespace != namespace { return false }
    if let labelSelector, !labelSelector.matches(object.labels) { return false }
    return FieldSelectorSupport.matches(fieldTerms, object)
  }

  func matches(_ ref: ObjectRef) -> Bool {
    ref.storageKey == storageKey && (namespace == nil || ref.namespace == namespace)
  }

  /// The event this watcher sees for a change, as kube-apiserver's watch cache decides it: an
  /// object that starts matching arrives as ADDED, one that stops matching as DELETED (its
  /// previous content at the new resourceVersion), and changes on both sides of the filter as
  /// they are. `nil` when the change is invisible to this watcher.
  func event(for record: WatchRecord) -> WatchMessage? {
    guard matches(record.ref) else { return nil }
    let currentPasses = record.type != .deleted && matches(record.object.object)
    let previousPasses: Bool
    switch record.type {
    case .deleted: previousPasses = matches(record.object.object)
    default: previousPasses = record.previous.map { matches($0.object) } ?? false
    }
    switch (currentPasses, previousPasses) {
    case (true, true): return record.event
    case (true, false):
      return record.type == .added
        ? record.event : WatchMessage(type: .added, object: record.object.object, objectBytes: record.object.bytes)
    case (false, true):
      if record.type == .deleted { return record.event }
      var previous = record.previous?.object ?? record.object.object
      previous.resourceVersion = String(record.resourceVersion)
      return WatchMessage(type: .deleted, object: previous)
    case (false, false): return nil
    }
  }
}
