/// Runs `body` for 0..<count with at most `width` calls in flight (load generators' writers).
public func forEachConcurrently(
  _ range: Range<Int>, width: Int, _ body: @escaping @Sendable (Int) async throws -> Void
) async throws {
  try await withThrowingTaskGroup(of: Void.self) { group in
    var next = range.lowerBound
    while next < min(range.lowerBound + width, range.upperBound) {
      let index = next
      group.addTask { try await body(index) }
      next += 1
    }
    while try await group.next() != nil {
      if next < range.upperBound {
        let index = next
        group.addTask { try await body(index) }
        next += 1
      }
    }
  }
}
