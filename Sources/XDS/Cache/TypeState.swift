/// All resources of one type, with an alias index and a change log so that each subscriber can
/// find what changed since it last looked without comparing every resource.
struct TypeState: Sendable {
  private(set) var resources: [String: CachedResource] = [:]
  private(set) var aliasIndex: [String: String] = [:]
  /// Bumped on every effective change.
  private(set) var generation: UInt64 = 0
  /// Names changed at each generation after `logStart`, oldest first.
  private var log: [(generation: UInt64, name: String)] = []
  private var logStart: UInt64 = 0
  private let memo = ChangeMemo()

  /// Stores `resource`; returns false (and changes nothing) when its content is unchanged.
  mutating func upsert(_ name: String, _ resource: CachedResource) -> Bool {
    let old = resources[name]
    if old?.version == resource.version && old?.aliases == resource.aliases && old?.nodes == resource.nodes {
      return false
    }
    for alias in old?.aliases ?? [] where aliasIndex[alias] == name { aliasIndex[alias] = nil }
    for alias in resource.aliases { aliasIndex[alias] = name }
    resources[name] = resource
    record(name)
    return true
  }

  mutating func remove(_ name: String) -> Bool {
    guard let old = resources.removeValue(forKey: name) else { return false }
    for alias in old.aliases where aliasIndex[alias] == name { aliasIndex[alias] = nil }
    record(name)
    return true
  }

  /// Resource name for a name or alias a client subscribed to.
  func resolve(_ requested: String) -> String? {
    resources[requested] != nil ? requested : aliasIndex[requested]
  }

  /// Names changed after `since`, each once, or nil when the log no longer reaches back that far.
  func changes(since: UInt64) -> [String]? {
    guard since >= logStart else { return nil }
    guard since < generation else { return [] }
    // The log is ordered by generation: binary-search the first entry after `since`.
    var low = 0
    var high = log.count
    while low < high {
      let mid = (low + high) / 2
      if log[mid].generation <= since { low = mid + 1 } else { high = mid }
    }
    let entries = log[low...]
    if entries.count == 1 { return [entries.first!.name] }
    if let names = memo.lookup(since: since, until: generation) { return names }
    var seen = Set<String>(minimumCapacity: entries.count)
    let names = entries.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    memo.store(since: since, until: generation, names: names)
    return names
  }

  private mutating func record(_ name: String) {
    generation += 1
    log.append((generation, name))
    // Keep the log proportional to the data: past that, slow subscribers rescan instead.
    let limit = Swift.max(1024, resources.count * 2)
    if log.count > limit {
      let drop = log.count / 2
      logStart = log[drop - 1].generation
      log.removeFirst(drop)
    }
  }
}
