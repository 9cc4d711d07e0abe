import Shared

/// Request or response headers in arrival order, looked up case-insensitively.
///
/// Order and duplicates are kept because they are what the upstream sees; lookups that match on a
/// header's value use Envoy's rule of joining repeated values with "," so that a route or policy
/// cannot be dodged by splitting a header in two.
public struct L7Headers: Sendable, Hashable, Sequence {
  public private(set) var entries: [L7Header]

  public init(_ pairs: [(String, String)] = []) {
    entries = pairs.map { L7Header(name: $0.0, value: $0.1) }
  }

  public init(entries: [L7Header]) {
    self.entries = entries
  }

  public func makeIterator() -> IndexingIterator<[L7Header]> { entries.makeIterator() }

  public var count: Int { entries.count }

  /// The first value of `name`.
  public func first(_ name: String) -> String? {
    entries.first { ASCIICase.equal($0.name, name) }?.value
  }

  public func values(_ name: String) -> [String] {
    entries.filter { ASCIICase.equal($0.name, name) }.map(\.value)
  }

  /// Every value of `name` joined with "," (Envoy's view of a repeated header), or `nil`.
  public func joined(_ name: String) -> String? {
    var result: String?
    for entry in entries where ASCIICase.equal(entry.name, name) {
      if let existing = result { result = existing + "," + entry.value } else { result = entry.value }
    }
    return result
  }

  public func contains(_ name: String) -> Bool {
    entries.contains { ASCIICase.equal($0.name, name) }
  }

  /// Replaces every value of `name` with `value`, at the position of the first one.
  public mutating func set(_ name: String, _ value: String) {
    if let index = entries.firstIndex(where: { ASCIICase.equal($0.name, name) }) {
      entries[index].value = value
      var next = entries.index(after: index)
      while next < entries.endIndex {
        if ASCIICase.equal(entries[next].name, name) { entries.remove(at: next) } else { next += 1 }
      }
    } else {
      entries.append(L7Header(name: name, value: value))
    }
  }

  public mutating func add(_ name: String, _ value: String) {
    entries.append(L7Header(name: name, value: value))
  }

  public mutating func remove(_ name: String) {
    entries.removeAll { ASCIICase.equal($0.name, name) }
  }
}
