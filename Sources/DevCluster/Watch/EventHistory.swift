import Kube

/// The recent changes, oldest first, that watches resume from (etcd's history between
/// compactions). Holds at most `capacity` records; a watch from a version older than what is
/// kept is told 410 Expired and relists.
struct EventHistory: Sendable {
  let capacity: Int
  private var ring: [WatchRecord?]
  private var start = 0
  private(set) var count = 0
  /// Every change with a resourceVersion above this is kept.
  private(set) var compactedThrough: UInt64

  init(capacity: Int, startingAt version: UInt64) {
    self.capacity = max(capacity, 1)
    self.ring = []
    self.compactedThrough = version
  }

  private func record(at index: Int) -> WatchRecord { ring[(start + index) % capacity]! }

  mutating func append(_ record: WatchRecord) {
    if ring.count < capacity {
      ring.append(record)
      count += 1
      return
    }
    if count == capacity {
      compactedThrough = ring[start]!.resourceVersion
      ring[start] = record
      start = (start + 1) % capacity
    } else {
      ring[(start + count) % capacity] = record
      count += 1
    }
  }

  /// Records with a resourceVersion above `version`, or the expiry error when some are gone.
  func records(after version: UInt64) -> Result<[WatchRecord], KubeAPIError> {
    guard version >= compactedThrough else {
      return .failure(.expired(requested: version, oldest: compactedThrough))
    }
    // Binary search for the first record above `version`.
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if record(at: middle).resourceVersion <= version { low = middle + 1 } else { high = middle }
    }
    var result: [WatchRecord] = []
    result.reserveCapacity(count - low)
    for index in low..<count { result.append(record(at: index)) }
    return .success(result)
  }

  /// Forgets everything up to `version`, like an etcd compaction.
  mutating func compact(through version: UInt64) {
    ring = []
    start = 0
    count = 0
    compactedThrough = max(compactedThrough, version)
  }
}
