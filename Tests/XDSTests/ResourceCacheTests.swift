import Foundation
import MeshTestSupport
import Shared
import Testing

@testable import XDS

struct ResourceCacheTests {
  /// Waits for the next wake-up and returns how long it took.
  static func nextWake(_ changes: AsyncStream<Void>) async -> Duration {
    let start = ContinuousClock.now
    var iterator = changes.makeAsyncIterator()
    _ = await iterator.next()
    return ContinuousClock.now - start
  }

  @Test func firstChangeAfterQuietWakesAtOnceAndBurstsAreCoalesced() async throws {
    let cache = ResourceCache(window: .milliseconds(300))
    let (_, changes) = cache.subscribe()
    var iterator = changes.makeAsyncIterator()
    let t0 = ContinuousClock.now
    cache.update(typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(1))])
    _ = await iterator.next()
    #expect(ContinuousClock.now - t0 < .milliseconds(100))
    // A burst right after: one wake-up at the end of the window, not one per change.
    for i in 2...20 { cache.update(typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(i))]) }
    _ = await iterator.next()
    #expect(ContinuousClock.now - t0 >= .milliseconds(250))
    #expect(cache.count(typeURL: XDSTypeURL.address) == 20)
    // Quiet again: the next change is immediate.
    try await Task.sleep(for: .milliseconds(400))
    let t1 = ContinuousClock.now
    cache.update(typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(21))])
    _ = await iterator.next()
    #expect(ContinuousClock.now - t1 < .milliseconds(100))
  }

  @Test func unchangedContentDoesNotWake() async throws {
    let cache = ResourceCache(window: .milliseconds(10))
    let r = try Samples.resource(Samples.workload(1))
    #expect(cache.update(typeURL: XDSTypeURL.address, upserts: [r]).changed == 1)
    #expect(cache.update(typeURL: XDSTypeURL.address, upserts: [r]).changed == 0)
    #expect(cache.replace(typeURL: XDSTypeURL.address, with: []).changed == 1)
    #expect(cache.count(typeURL: XDSTypeURL.address) == 0)
  }
}
