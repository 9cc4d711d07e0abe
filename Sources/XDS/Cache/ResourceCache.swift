import Synchronization

/// The control plane's xDS state: per type URL, resources by name with content-hash versions.
///
/// Writers call `update` in batches; subscribers are woken (never handed data) and each computes
/// its own difference from what it holds when it is ready to send. A slow subscriber therefore
/// gets the latest state later instead of a backlog, and never holds up the others.
///
/// Wake-ups are throttled: the first change after a quiet period wakes subscribers at once; further
/// changes within `window` are coalesced into one wake-up at the end of the window. No change waits
/// longer than `window`, and a burst costs at most one push per window.
public final class ResourceCache: Sendable {
  private struct Wakeups {
    var subscribers: [Int: AsyncStream<Void>.Continuation] = [:]
    var nextID = 0
    var lastWake: ContinuousClock.Instant?
    var scheduled = false
  }

  public let window: Duration
  private let types = Mutex<[String: TypeState]>([:])
  private let wakeups = Mutex(Wakeups())

  public init(window: Duration = .milliseconds(100)) {
    self.window = window
  }

  /// Applies a batch for one type and returns how many resources actually changed. Resources that
  /// fail to encode are skipped and reported in `failed`.
  @discardableResult
  public func update(typeURL: String, upserts: [XDSResource], removals: [String] = []) -> UpdateResult {
    var encoded: [(String, CachedResource)] = []
    var failed: [String] = []
    encoded.reserveCapacity(upserts.count)
    for resource in upserts {
      do { encoded.append((resource.name, try CachedResource(resource, typeURL: typeURL))) } catch {
        failed.append(resource.name)
      }
    }
    let changed = types.withLock { all in
      var state = all.removeValue(forKey: typeURL) ?? TypeState()
      var changed = 0
      for (name, resource) in encoded where state.upsert(name, resource) { changed += 1 }
      for name in removals where state.remove(name) { changed += 1 }
      all[typeURL] = state
      return changed
    }
    if changed > 0 { wake() }
    return UpdateResult(changed: changed, failed: failed)
  }

  /// Replaces everything of one type with `resources` (removing names not listed).
  @discardableResult
  public func replace(typeURL: String, with resources: [XDSResource]) -> UpdateResult {
    let keep = Set(resources.map(\.name))
    let stale = types.withLock { $0[typeURL]?.resources.keys.filter { !keep.contains($0) } ?? [] }
    return update(typeURL: typeURL, upserts: resources, removals: stale)
  }

  public func count(typeURL: String) -> Int { types.withLock { $0[typeURL]?.resources.count ?? 0 } }

  public func version(typeURL: String, name: String) -> String? {
    types.withLock { $0[typeURL]?.resources[name]?.version }.map(ContentHash.text)
  }

  /// A consistent view of one type (copy-on-write: cheap unless a writer changes it meanwhile).
  func state(_ typeURL: String) -> TypeState { types.withLock { $0[typeURL] ?? TypeState() } }

  /// A stream that yields whenever the cache changed; at most one wake-up is buffered.
  func subscribe() -> (id: Int, changes: AsyncStream<Void>) {
    let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let id = wakeups.withLock { w in
      w.nextID += 1
      w.subscribers[w.nextID] = continuation
      return w.nextID
    }
    return (id, stream)
  }

  func unsubscribe(_ id: Int) {
    let continuation = wakeups.withLock { $0.subscribers.removeValue(forKey: id) }
    continuation?.finish()
  }

  private func wake() {
    let now = ContinuousClock.now
    let delay: Duration? = wakeups.withLock { w in
      if w.scheduled { return nil }
      if let last = w.lastWake, now - last < window {
        w.scheduled = true
        return window - (now - last)
      }
      w.lastWake = now
      return .zero
    }
    guard let delay else { return }
    if delay == .zero {
      notifyAll()
    } else {
      Task {
        try? await Task.sleep(for: delay)
        self.wakeups.withLock { w in
          w.scheduled = false
          w.lastWake = ContinuousClock.now
        }
        self.notifyAll()
      }
    }
  }

  private func notifyAll() {
    let all = wakeups.withLock { Array($0.subscribers.values) }
    for continuation in all { continuation.yield() }
  }
}
