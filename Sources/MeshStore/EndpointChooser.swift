import Synchronization

/// Picks one of `count` equally good endpoints. Injected so that production spreads load
/// (round-robin or random) while tests choose deterministically.
public struct EndpointChooser: Sendable {
  let pick: @Sendable (_ count: Int) -> Int

  /// `pick` gets the number of candidates (at least 1) and returns an index; out-of-range
  /// results are wrapped so a careless chooser cannot crash the data plane.
  public init(_ pick: @escaping @Sendable (_ count: Int) -> Int) {
    self.pick = pick
  }

  public func choose<T>(_ candidates: [T]) -> T? {
    guard !candidates.isEmpty else { return nil }
    let i = pick(candidates.count) % candidates.count
    return candidates[i < 0 ? i + candidates.count : i]
  }

  public static let random = EndpointChooser { Int.random(in: 0..<$0) }

  /// Always the first candidate (by uid order): for tests and single-endpoint setups.
  public static let first = EndpointChooser { _ in 0 }

  /// Rotates through candidates; the counter is shared by every connection using this chooser.
  public static func roundRobin() -> EndpointChooser {
    let counter = Atomic<Int>(0)
    return EndpointChooser { count in
      let n = counter.wrappingAdd(1, ordering: .relaxed).oldValue
      return Int(UInt(bitPattern: n) % UInt(count))
    }
  }
}
