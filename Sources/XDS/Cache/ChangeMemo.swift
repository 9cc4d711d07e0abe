import Synchronization

/// The last answer of `TypeState.changes(since:)`, shared by every copy of one type's state:
/// after a batch, all subscribers ask for the same range, and the (deduplicated) list of changed
/// names is then built once instead of once per subscriber.
final class ChangeMemo: Sendable {
  private struct Entry {
    let since: UInt64
    let until: UInt64
    let names: [String]
  }

  private let last = Mutex<Entry?>(nil)

  func lookup(since: UInt64, until: UInt64) -> [String]? {
    last.withLock { entry in
      guard let entry, entry.since == since, entry.until == until else { return nil }
      return entry.names
    }
  }

  func store(since: UInt64, until: UInt64, names: [String]) {
    last.withLock { $0 = Entry(since: since, until: until, names: names) }
  }
}
