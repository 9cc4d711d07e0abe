/// Collects diagnostics so that each object gets exactly one, whatever number of parts of
/// translation had something to say about it (a Pod can carry both a misspelt enrollment label
/// and a label naming a missing waypoint).
struct DiagnosticLog: Sendable {
  private struct ObjectKey: Hashable, Sendable {
    var kind: String
    var namespace: String
    var name: String
  }

  private var entries: [ObjectKey: ObjectDiagnostic] = [:]

  /// Adds `diagnostic`, merging it into the one already held for the same object: the object
  /// stays accepted only if every part accepted it, the first rejection's reason wins, and the
  /// messages are joined.
  mutating func add(_ diagnostic: ObjectDiagnostic) {
    let key = ObjectKey(kind: diagnostic.kind, namespace: diagnostic.namespace, name: diagnostic.name)
    guard var merged = entries[key] else {
      entries[key] = diagnostic
      return
    }
    if merged.reason == ObjectDiagnostic.Reason.accepted || (merged.accepted && !diagnostic.accepted) {
      merged.reason = diagnostic.reason
    }
    merged.accepted = merged.accepted && diagnostic.accepted
    if merged.message.isEmpty {
      merged.message = diagnostic.message
    } else if !diagnostic.message.isEmpty && !merged.message.contains(diagnostic.message) {
      merged.message += "; " + diagnostic.message
    }
    entries[key] = merged
  }

  mutating func add(_ diagnostics: some Sequence<ObjectDiagnostic>) {
    for diagnostic in diagnostics { add(diagnostic) }
  }

  /// Every diagnostic, sorted by object.
  var all: [ObjectDiagnostic] { entries.values.sorted() }
}
