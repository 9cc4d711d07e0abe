import NIOHTTP1

extension HTTPHeaders {
  /// Applies waypoint header edits to a NIO header block in order.
  public mutating func apply(_ edits: [HeaderEdit]) {
    for edit in edits {
      switch edit {
      case .set(let name, let value): replaceOrAdd(name: name, value: value)
      case .add(let name, let value): add(name: name, value: value)
      case .remove(let name): remove(name: name)
      }
    }
  }
}
