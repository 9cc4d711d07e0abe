/// The informer's local copy of a collection, with indexes: a pure value type, so relist
/// reconciliation and duplicate suppression are table-testable without a server.
///
/// Duplicates: resourceVersions are cluster-wide and increase with every write (etcd revisions), so
/// an event whose version is not newer than the cached object's is a replay (a re-watch from an older
/// version, or a relist racing a watch) and yields no consumer event.
public struct InformerCache: Sendable {
  /// Maps an object to the index values it is filed under.
  public typealias IndexFunction = @Sendable (KubeObject) -> [String]

  public private(set) var objects: [String: KubeObject] = [:]
  private let indexers: [String: IndexFunction]
  private var indices: [String: [String: Set<String>]] = [:]

  /// Index names always present.
  public static let namespaceIndex = "namespace"
  /// `key=value` for every label.
  public static let labelIndex = "label"
  /// `spec.nodeName` (pods).
  public static let nodeIndex = "node"

  public init(indexers extra: [String: IndexFunction] = [:]) {
    var indexers: [String: IndexFunction] = [
      Self.namespaceIndex: { [$0.namespace] },
      Self.labelIndex: { object in object.labels.map { "\($0.key)=\($0.value)" } },
      Self.nodeIndex: { object in
        guard let node = object.json.value(at: ["spec", "nodeName"])?.stringValue, !node.isEmpty else { return [] }
        return [node]
      },
    ]
    for (name, function) in extra { indexers[name] = function }
    self.indexers = indexers
  }

  public var count: Int { objects.count }

  public func object(forKey key: String) -> KubeObject? { objects[key] }

  /// Objects filed under `value` in index `name`.
  public func objects(inIndex name: String, value: String) -> [KubeObject] {
    guard let keys = indices[name]?[value] else { return [] }
    return keys.compactMap { objects[$0] }
  }

  /// Adds or replaces an object; nil when it is not newer than what the cache holds.
  public mutating func upsert(_ object: KubeObject) -> InformerEvent? {
    let key = object.key
    if let old = objects[key] {
      guard Self.isNewer(object.resourceVersion, than: old.resourceVersion) else { return nil }
      unindex(old, key: key)
      objects[key] = object
      index(object, key: key)
      return .updated(old: old, new: object)
    }
    objects[key] = object
    index(object, key: key)
    return .added(object)
  }

  /// Removes an object; nil when the cache did not hold it (or holds a newer one).
  public mutating func remove(_ object: KubeObject) -> InformerEvent? {
    let key = object.key
    guard let old = objects[key] else { return nil }
    if !object.resourceVersion.isEmpty, Self.isNewer(old.resourceVersion, than: object.resourceVersion) {
      return nil
    }
    objects[key] = nil
    unindex(old, key: key)
    return .deleted(old)
  }

  /// Reconciles with a fresh LIST: events for what changed while the watch was away, so a relist
  /// neither loses a deletion nor repeats an object the consumer already has.
  public mutating func replace(with items: [KubeObject]) -> [InformerEvent] {
    var events: [InformerEvent] = []
    var seen = Set<String>()
    seen.reserveCapacity(items.count)
    for item in items {
      seen.insert(item.key)
      if let event = upsert(item) { events.append(event) }
    }
    for (key, old) in objects where !seen.contains(key) {
      objects[key] = nil
      unindex(old, key: key)
      events.append(.deleted(old))
    }
    return events
  }

  /// Numeric comparison when both versions are numbers (etcd revisions); otherwise any change counts.
  static func isNewer(_ candidate: String, than current: String) -> Bool {
    if let new = UInt64(candidate), let old = UInt64(current) { return new > old }
    return candidate != current
  }

  private mutating func index(_ object: KubeObject, key: String) {
    for (name, function) in indexers {
      for value in function(object) { indices[name, default: [:]][value, default: []].insert(key) }
    }
  }

  private mutating func unindex(_ object: KubeObject, key: String) {
    for (name, function) in indexers {
      for value in function(object) {
        indices[name]?[value]?.remove(key)
        if indices[name]?[value]?.isEmpty == true { indices[name]?[value] = nil }
      }
    }
  }
}
