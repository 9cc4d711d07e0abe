import Kube

/// The open watches, grouped by resource so a change is offered only to the watchers of its
/// resource.
struct WatcherSet: Sendable {
  private var byStorageKey: [String: [UInt64: Watcher]] = [:]
  private var storageKeyByID: [UInt64: String] = [:]
  private var nextID: UInt64 = 1

  init() {}

  var count: Int { storageKeyByID.count }

  mutating func add(
    filter: WatchFilter, type: ResourceType, bookmarks: Bool, connection: WatchConnection
  ) -> Watcher {
    let watcher = Watcher(id: nextID, filter: filter, type: type, bookmarks: bookmarks, connection: connection)
    nextID += 1
    byStorageKey[filter.storageKey, default: [:]][watcher.id] = watcher
    storageKeyByID[watcher.id] = filter.storageKey
    return watcher
  }

  @discardableResult
  mutating func remove(id: UInt64) -> Watcher? {
    guard let key = storageKeyByID.removeValue(forKey: id) else { return nil }
    let watcher = byStorageKey[key]?.removeValue(forKey: id)
    if byStorageKey[key]?.isEmpty == true { byStorageKey[key] = nil }
    return watcher
  }

  /// Removes and returns the watchers of one resource (its CRD went away), or of all.
  mutating func removeAll(storageKey: String? = nil) -> [Watcher] {
    var removed: [Watcher] = []
    for (key, watchers) in byStorageKey where storageKey == nil || key == storageKey {
      removed += watchers.values
      for id in watchers.keys { storageKeyByID[id] = nil }
      byStorageKey[key] = nil
    }
    return removed
  }

  var storageKeys: [String] { Array(byStorageKey.keys) }

  /// Offers a committed change to every watcher of its resource.
  func dispatch(_ record: WatchRecord) {
    guard let watchers = byStorageKey[record.ref.storageKey] else { return }
    for watcher in watchers.values {
      if let event = watcher.filter.event(for: record) { watcher.connection.send(event) }
    }
  }

  /// A BOOKMARK at `version` to every watcher that asked for bookmarks.
  func sendBookmarks(at version: UInt64) {
    for watchers in byStorageKey.values {
      for watcher in watchers.values where watcher.bookmarks {
        watcher.connection.send(.bookmark(type: watcher.type, resourceVersion: version))
      }
    }
  }
}
