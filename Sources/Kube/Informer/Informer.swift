import Foundation
import Logging
import Shared
import Synchronization

/// List+watch of one collection into a local indexed cache, with changes delivered to any number
/// of consumers as `AsyncStream<InformerEvent>`.
///
/// It resumes a broken watch from the last resourceVersion it saw (bookmarks keep that fresh on
/// quiet collections), relists on 410 Gone and reconciles the cache so consumers see exactly what
/// changed, and retries with jittered backoff while the API server is away.
public final class Informer: Sendable {
  public let type: ResourceType
  public let namespace: String?
  public let labelSelector: String?
  public let fieldSelector: String?
  private let client: KubeClient
  private let logger: Logger
  private let watchTimeoutSeconds: ClosedRange<Int>

  private struct State {
    var cache: InformerCache
    var synced = false
    var subscribers: [UUID: AsyncStream<InformerEvent>.Continuation] = [:]
    var syncWaiters: [CheckedContinuation<Void, Never>] = []
    var stats = InformerStats()
  }

  private let state: Mutex<State>

  public init(
    client: KubeClient, type: ResourceType, namespace: String? = nil, labelSelector: String? = nil,
    fieldSelector: String? = nil, indexers: [String: InformerCache.IndexFunction] = [:],
    watchTimeoutSeconds: ClosedRange<Int> = 300...600, logger: Logger = Logger(label: "kube.informer")
  ) {
    self.client = client
    self.type = type
    self.namespace = namespace
    self.labelSelector = labelSelector
    self.fieldSelector = fieldSelector
    self.watchTimeoutSeconds = watchTimeoutSeconds
    var logger = logger
    logger[metadataKey: "kube.resource"] = "\(type.qualifiedName)"
    self.logger = logger
    self.state = Mutex(State(cache: InformerCache(indexers: indexers)))
  }

  // MARK: Reading the cache

  public var hasSynced: Bool { state.withLock { $0.synced } }
  public var stats: InformerStats { state.withLock { $0.stats } }
  public var count: Int { state.withLock { $0.cache.count } }

  public func get(namespace: String? = nil, name: String) -> KubeObject? {
    let key = namespace.map { $0.isEmpty ? name : "\($0)/\(name)" } ?? name
    return state.withLock { $0.cache.object(forKey: key) }
  }

  /// All cached objects, or those of one namespace.
  public func list(namespace: String? = nil) -> [KubeObject] {
    state.withLock { state in
      if let namespace { return state.cache.objects(inIndex: InformerCache.namespaceIndex, value: namespace) }
      return Array(state.cache.objects.values)
    }
  }

  /// Objects carrying label `key=value`.
  public func list(label key: String, value: String) -> [KubeObject] {
    state.withLock { $0.cache.objects(inIndex: InformerCache.labelIndex, value: "\(key)=\(value)") }
  }

  /// Pods scheduled to `node`.
  public func list(node: String) -> [KubeObject] {
    state.withLock { $0.cache.objects(inIndex: InformerCache.nodeIndex, value: node) }
  }

  public func objects(inIndex name: String, value: String) -> [KubeObject] {
    state.withLock { $0.cache.objects(inIndex: name, value: value) }
  }

  /// Suspends until the first list has been applied.
  public func waitForSync() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let resumeNow = state.withLock { state -> Bool in
        if state.synced { return true }
        state.syncWaiters.append(continuation)
        return false
      }
      if resumeNow { continuation.resume() }
    }
  }

  // MARK: Subscribing

  /// A stream of changes. A late subscriber first receives the cache's current objects as `.added`
  /// (and `.synced` if the first list is done), then live changes: it never misses or repeats one.
  public func events() -> AsyncStream<InformerEvent> {
    let (stream, continuation) = AsyncStream<InformerEvent>.makeStream()
    let id = UUID()
    state.withLock { state in
      for object in state.cache.objects.values { continuation.yield(.added(object)) }
      if state.synced { continuation.yield(.synced) }
      state.subscribers[id] = continuation
    }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
    return stream
  }

  // MARK: Running

  /// Lists and watches until the task is cancelled.
  public func run() async {
    var backoff = RetryBackoff(initial: .milliseconds(200), max: .seconds(30))
    var resourceVersion: String?
    var notServedLogged = false
    while !Task.isCancelled {
      if resourceVersion == nil {
        do {
          let list = try await client.listAll(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector)
          applyList(list)
          resourceVersion = list.resourceVersion
          backoff.reset()
        } catch  where error.isNotFound {
          // The kind is not served (a CRD not installed yet): there are none of it, which is a
          // fact consumers may act on (no policies). Keep asking, so objects appear with the CRD.
          if !notServedLogged {
            logger.info("kind not served by the API server; treating as empty until it is")
            notServedLogged = true
          }
          applyList(KubeList(items: [], resourceVersion: ""))
          try? await Task.sleep(for: min(backoff.next(), .seconds(5)))
          continue
        } catch {
          logger.warning("list failed, retrying", metadata: ["kube.error": "\(error)"])
          try? await Task.sleep(for: backoff.next())
          continue
        }
      }
      do {
        resourceVersion = try await watchOnce(from: resourceVersion ?? "")
        backoff.reset()
      } catch {
        if Task.isCancelled { break }
        state.withLock { $0.stats.watchFailures += 1 }
        logger.info("watch ended with an error, resuming", metadata: ["kube.error": "\(error)"])
        try? await Task.sleep(for: backoff.next())
      }
    }
  }

  /// One watch from `version`; returns the version to resume from, or nil to force a relist.
  private func watchOnce(from version: String) async throws -> String? {
    var version = version
    state.withLock { $0.stats.watchesStarted += 1 }
    let stream = client.watch(
      type, namespace: namespace, resourceVersion: version, labelSelector: labelSelector,
      fieldSelector: fieldSelector, allowBookmarks: true, timeoutSeconds: Int.random(in: watchTimeoutSeconds))
    for try await event in stream {
      switch event.type {
      case .error:
        let error = event.error ?? KubeAPIError(.internalError, "watch error without a status")
        guard error.isGone else { throw error }
        logger.info("watch version expired (410), relisting", metadata: ["kube.version": "\(version)"])
        state.withLock { $0.stats.goneRelists += 1 }
        return nil
      case .bookmark:
        version = event.object.resourceVersion
        state.withLock {
          $0.stats.bookmarks += 1
          $0.stats.lastResourceVersion = version
        }
      case .added, .modified, .deleted:
        version = event.object.resourceVersion
        apply(event)
      }
    }
    return version
  }

  private func applyList(_ list: KubeList) {
    let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
      state.stats.lists += 1
      state.stats.lastResourceVersion = list.resourceVersion
      let events = state.cache.replace(with: list.items.map(Self.trimmed))
      state.stats.eventsApplied += events.count
      for event in events { broadcast(event, to: state.subscribers) }
      guard !state.synced else { return [] }
      state.synced = true
      broadcast(.synced, to: state.subscribers)
      defer { state.syncWaiters = [] }
      return state.syncWaiters
    }
    for waiter in waiters { waiter.resume() }
  }

  /// What the cache keeps of an object: everything but `metadata.managedFields`, the server-side
  /// apply bookkeeping no controller here reads and often the largest part of an object (the
  /// transform client-go users install for the same reason).
  static func trimmed(_ object: KubeObject) -> KubeObject {
    guard object.metadata["managedFields"] != nil else { return object }
    var trimmed = object
    trimmed.json.setValue(nil, at: ["metadata", "managedFields"])
    return trimmed
  }

  private func apply(_ event: WatchEvent) {
    state.withLock { state in
      state.stats.lastResourceVersion = event.object.resourceVersion
      let change: InformerEvent? =
        event.type == .deleted ? state.cache.remove(event.object) : state.cache.upsert(Self.trimmed(event.object))
      guard let change else {
        state.stats.duplicatesDropped += 1
        return
      }
      state.stats.eventsApplied += 1
      broadcast(change, to: state.subscribers)
    }
  }

  private func broadcast(_ event: InformerEvent, to subscribers: [UUID: AsyncStream<InformerEvent>.Continuation]) {
    for continuation in subscribers.values { continuation.yield(event) }
  }
}
