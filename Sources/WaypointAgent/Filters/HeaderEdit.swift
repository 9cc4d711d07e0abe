import Shared

/// One change to a header block, in the order the proxy must apply it.
///
/// Returned instead of a rewritten header list so the proxy edits the headers it already holds
/// (NIO `HTTPHeaders`) without a copy per request.
public enum HeaderEdit: Sendable, Hashable {
  /// Replace every value of the header (add it when absent).
  case set(name: String, value: String)
  /// Append a value, keeping existing ones.
  case add(name: String, value: String)
  case remove(name: String)

  /// A Gateway API header modifier as edits: remove, then set, then add (Envoy's order, so `set`
  /// and `add` of a removed header still take effect).
  static func edits(for modifier: L7HeaderModifier) -> [HeaderEdit] {
    modifier.remove.map { .remove(name: $0) } + modifier.set.map { .set(name: $0.name, value: $0.value) }
      + modifier.add.map { .add(name: $0.name, value: $0.value) }
  }
}

extension L7Headers {
  public mutating func apply(_ edits: [HeaderEdit]) {
    for edit in edits {
      switch edit {
      case .set(let name, let value): set(name, value)
      case .add(let name, let value): add(name, value)
      case .remove(let name): remove(name)
      }
    }
  }
}
