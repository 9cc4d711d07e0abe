import CA
import Foundation
import Logging
import MeshTestSupport
import ServiceLifecycle
import Shared
import Testing
import XDS

/// SIGTERM to a control plane with agents connected: xDS streams never end on their own, so the
/// server must close them after its drain deadline rather than wait for SIGKILL (a "stopped"
/// replica that kept pushing would be a control plane that cannot be stopped).
struct ControlPlaneShutdownTests {
  @Test func gracefulShutdownEndsOpenStreamsAfterTheDrainDeadline() async throws {
    let h = try XDSHarness()
    h.cache.update(typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(1))])
    defer { try? FileManager.default.removeItem(at: h.dir) }
    let server = try h.makeServer()
    let group = ServiceGroup(
      configuration: .init(services: [.init(service: DrainingServer(server: server))], logger: Logger(label: "test")))
    let running = Task { try await group.run() }
    let port = try #require(await eventuallyValue { try? await server.listeningPort() })
    let addresses = RecordingHandler()
    let client = h.client(port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, handler: addresses)])
    let agent = Task { await client.run() }
    defer { agent.cancel() }
    await client.waitUntilReady()
    #expect(addresses.count == 1)

    let started = ContinuousClock.now
    await group.triggerGracefulShutdown()
    try await running.value
    let took = ContinuousClock.now - started
    #expect(took >= .milliseconds(400), "streams were cut before the drain deadline")
    #expect(took < .seconds(5), "shutdown waited \(took) for streams that never end")
  }
}

/// The server with a short drain deadline, as a service.
private struct DrainingServer: ServiceLifecycle.Service {
  let server: ControlPlaneServer
  func run() async throws { try await server.run(drainTimeout: .milliseconds(500)) }
}

private func eventuallyValue<T: Sendable>(_ probe: @Sendable () async -> T?) async -> T? {
  for _ in 0..<100 {
    if let value = await probe() { return value }
    try? await Task.sleep(for: .milliseconds(50))
  }
  return nil
}
