import Foundation
import MeshTestSupport
import Synchronization
import Testing
import XDS

/// A replica that has not translated the cluster yet must not serve: an agent reconnecting with
/// the versions it holds would be told that all of them were removed.
struct DeltaADSReadinessTests {
  @Test func anAgentKeepsItsConfigurationUntilTheServerIsReady() async throws {
    let ready = Atomic<Bool>(false)
    let h = try XDSHarness(isReady: { ready.load(ordering: .relaxed) })
    try await h.serve { port in
      let addresses = RecordingHandler()
      let client = h.client(port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, handler: addresses)])
      let task = Task { await client.run() }
      defer { task.cancel() }
      #expect(
        await eventually(timeout: .seconds(20)) { h.ads.stats.snapshot.rejectedStreams >= 1 },
        "the stream was not refused")
      #expect(h.ads.stats.snapshot.resourcesSent == 0)

      h.cache.update(
        typeURL: XDSTypeURL.address, upserts: try (1...3).map { try Samples.resource(Samples.workload($0)) })
      ready.store(true, ordering: .relaxed)
      #expect(await eventually(timeout: .seconds(30)) { addresses.count == 3 }, "the client did not retry")
    }
  }
}
