import Foundation
import Kube
import Logging
import Synchronization

/// The cluster's state behind one lock: the store, the routes CRDs add, the cluster IP
/// allocator, the watch history and the open watches, and the journal.
///
/// Every write runs as one `Transaction` under the lock and is then, still under the lock,
/// journaled, appended to the history and offered to the watchers: watchers therefore see
/// changes in resourceVersion order, and a watch opened at version N misses nothing after N.
/// Reads take an O(1) snapshot and work outside the lock.
final class ClusterState: Sendable {
  private struct Inner: ~Copyable {
    var store: ObjectStore
    var registry: ResourceRegistry
    var clusterIPs: ClusterIPAllocator
    var history: EventHistory
    var watchers = WatcherSet()
    var journal: Journal?
  }

  /// How a new watch starts.
  enum WatchStart: Sendable {
    /// Synthetic ADDED events for the current matching objects, then live events.
    case currentState(initialEventsEndBookmark: Bool)
    /// Every change after the version, then live events.
    case after(UInt64)
  }

  private let inner: Mutex<Inner>
  private let logger: Logger
  let context: ClusterContext

  init(store: ObjectStore, journal: sending Journal?, context: ClusterContext, historyCapacity: Int, logger: Logger) {
    var registry = ResourceRegistry()
    registry.setCustomResources(Self.definitions(in: store))
    var clusterIPs = ClusterIPAllocator()
    for service in store.list(storageKey: ResourceType.service.qualifiedName, namespace: nil) {
      for address in Transaction.clusterIPs(of: service.object) { clusterIPs.claim(address) }
    }
    self.inner = Mutex(
      Inner(
        store: store, registry: registry, clusterIPs: clusterIPs,
        history: EventHistory(capacity: historyCapacity, startingAt: store.resourceVersion), journal: journal))
    self.logger = logger
    self.context = context
  }

  private static func definitions(in store: ObjectStore) -> [ServedCustomResource] {
    var definitions: [ServedCustomResource] = []
    for stored in store.list(storageKey: ResourceType.customResourceDefinition.qualifiedName, namespace: nil) {
      // Stored CRDs were validated when written; one that no longer parses is not served.
      if let definition = try? ServedCustomResource(object: stored.object) { definitions.append(definition) }
    }
    return definitions
  }

  func snapshot() -> ClusterSnapshot {
    inner.withLock { ClusterSnapshot(store: $0.store, registry: $0.registry) }
  }

  /// Runs `body` as one transaction and commits its writes, unless it throws or `dryRun` is set.
  func write<T>(
    dryRun: Bool = false, now: Date = Date(), _ body: (inout Transaction) throws(KubeAPIError) -> T
  ) throws(KubeAPIError) -> T {
    try inner.withLock { (state: inout Inner) throws(KubeAPIError) -> T in
      var transaction = Transaction(
        snapshot: ClusterSnapshot(store: state.store, registry: state.registry), context: context,
        clusterIPs: state.clusterIPs, now: now)
      let result = try body(&transaction)
      if !dryRun { commit(transaction, into: &state) }
      return result
    }
  }

  private func commit(_ transaction: Transaction, into state: inout Inner) {
    guard !transaction.changes.isEmpty else { return }
    var lines: [UInt8] = []
    var definitionsChanged = false
    for record in transaction.changes {
      switch record.type {
      case .deleted:
        state.store.remove(record.ref)
        state.store.advance(to: record.resourceVersion)
        JournalRecord.deleteLine(record.ref, resourceVersion: record.resourceVersion, into: &lines)
      default:
        state.store.put(record.ref, record.object)
        JournalRecord.putLine(storageKey: record.ref.storageKey, objectBytes: record.object.bytes, into: &lines)
      }
      if record.ref.storageKey == ResourceType.customResourceDefinition.qualifiedName { definitionsChanged = true }
      state.history.append(record)
      state.watchers.dispatch(record)
    }
    state.clusterIPs = transaction.clusterIPs
    if definitionsChanged {
      state.registry.setCustomResources(Self.definitions(in: state.store))
      // Watches of a resource whose CRD is gone end, as in Kubernetes.
      for storageKey in state.watchers.storageKeys where state.registry.resource(storageKey: storageKey) == nil {
        for watcher in state.watchers.removeAll(storageKey: storageKey) { watcher.connection.finish() }
      }
    }
    do { try state.journal?.append(lines) } catch {
      logger.error(
        "journal write failed; the change is live but will not survive a restart",
        metadata: ["devcluster.error": "\(error)"])
    }
  }

  /// Opens a watch and sends its first events, atomically with respect to writes. Returns the
  /// watcher's id, or nil when the watch ended at once (its version was compacted: the
  /// connection got one ERROR event and was finished).
  func startWatch(
    filter: WatchFilter, type: ResourceType, start: WatchStart, bookmarks: Bool, connection: WatchConnection
  ) -> UInt64? {
    inner.withLock { state in
      switch start {
      case .currentState(let endBookmark):
        for stored in state.store.list(storageKey: filter.storageKey, namespace: filter.namespace)
        where filter.matches(stored.object) {
          connection.send(WatchMessage(type: .added, object: stored.object, objectBytes: stored.bytes))
        }
        if endBookmark {
          connection.send(.bookmark(type: type, resourceVersion: state.store.resourceVersion, initialEventsEnd: true))
        }
      case .after(let version):
        switch state.history.records(after: version) {
        case .failure(let error):
          connection.send(.error(error))
          connection.finish()
          return nil
        case .success(let records):
          for record in records {
            if let event = filter.event(for: record) { connection.send(event) }
          }
        }
      }
      return state.watchers.add(filter: filter, type: type, bookmarks: bookmarks, connection: connection).id
    }
  }

  func stopWatch(id: UInt64) {
    _ = inner.withLock { $0.watchers.remove(id: id) }
  }

  func sendBookmarks() {
    inner.withLock { $0.watchers.sendBookmarks(at: $0.store.resourceVersion) }
  }

  /// Forgets the whole watch history (etcd compaction): watches from older versions get 410.
  func compactHistory() {
    inner.withLock { $0.history.compact(through: $0.store.resourceVersion) }
  }

  /// Ends every open watch by closing its connection.
  func dropWatches() {
    let watchers = inner.withLock { $0.watchers.removeAll() }
    for watcher in watchers { watcher.connection.close() }
  }

  var openWatchCount: Int { inner.withLock { $0.watchers.count } }

  /// Ends all watches and closes the journal; later writes are kept in memory only.
  func close() {
    let watchers = inner.withLock { state -> [Watcher] in
      state.journal?.close()
      state.journal = nil
      return state.watchers.removeAll()
    }
    for watcher in watchers { watcher.connection.finish() }
  }
}
