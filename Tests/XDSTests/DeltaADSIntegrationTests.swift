import CA
import Foundation
import MeshTestSupport
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import Shared
import SwiftProtobuf
import Testing
import XDS

/// Server and client over real TLS on loopback.
struct DeltaADSIntegrationTests {
  @Test func addUpdateRemoveReachTheAgent() async throws {
    let h = try XDSHarness()
    h.cache.update(typeURL: XDSTypeURL.address, upserts: try (1...3).map { try Samples.resource(Samples.workload($0)) })
    h.cache.update(typeURL: XDSTypeURL.authorization, upserts: [try Samples.policy("deny-9090")])
    try await h.serve { port in
      let addresses = RecordingHandler()
      let policies = CountingHandler()
      let client = h.client(
        port: port,
        subscriptions: [
          .init(typeURL: XDSTypeURL.address, handler: addresses),
          .init(typeURL: XDSTypeURL.authorization, handler: policies),
        ])
      let task = Task { await client.run() }
      defer { task.cancel() }
      await client.waitUntilReady()
      #expect(addresses.count == 3)
      #expect(policies.names.withLock { $0 } == ["apps/deny-9090"])
      #expect(addresses.value(Samples.workload(2).uid) == .workload(Samples.workload(2)))

      h.cache.update(
        typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(2, version: "v2"))],
        removals: [Samples.workload(3).uid])
      #expect(
        await eventually {
          addresses.count == 2
            && addresses.value(Samples.workload(2).uid) == .workload(Samples.workload(2, version: "v2"))
        })
      #expect(
        client.heldVersions(XDSTypeURL.address)[Samples.workload(2).uid]
          == h.cache.version(typeURL: XDSTypeURL.address, name: Samples.workload(2).uid))
      #expect(await eventually { h.ads.stats.snapshot.acks >= 3 })
    }
  }

  @Test func reconnectResendsVersionsAndServerSkipsUnchanged() async throws {
    let h = try XDSHarness()
    h.cache.update(
      typeURL: XDSTypeURL.address, upserts: try (1...50).map { try Samples.resource(Samples.workload($0)) })
    try await h.serve { port in
      let addresses = RecordingHandler()
      let client = h.client(port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, handler: addresses)])
      var task = Task { await client.run() }
      await client.waitUntilReady()
      #expect(h.ads.stats.snapshot.resourcesSent == 50)
      task.cancel()
      _ = await task.value
      #expect(await eventually { h.ads.stats.snapshot.streamsActive == 0 })

      // While disconnected: one workload changes, one disappears.
      h.cache.update(
        typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(7, version: "v2"))],
        removals: [Samples.workload(8).uid])
      task = Task { await client.run() }
      defer { task.cancel() }
      #expect(
        await eventually { addresses.value(Samples.workload(7).uid) == .workload(Samples.workload(7, version: "v2")) })
      #expect(await eventually { addresses.count == 49 })
      #expect(h.ads.stats.snapshot.resourcesSent == 51)  // only the changed one was resent
      #expect(h.ads.stats.snapshot.removalsSent == 1)
    }
  }

  @Test func bigSnapshotArrivesInPiecesAndReadinessWaitsForAll() async throws {
    let h = try XDSHarness()
    h.cache.update(
      typeURL: XDSTypeURL.address, upserts: try (1...12_000).map { try Samples.resource(Samples.workload($0)) })
    try await h.serve { port in
      let addresses = RecordingHandler()
      let client = h.client(port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, handler: addresses)])
      let task = Task { await client.run() }
      defer { task.cancel() }
      await client.waitUntilReady()
      #expect(addresses.count == 12_000)
      #expect(h.ads.stats.snapshot.responses > 1)
    }
  }

  /// A reconnect lists every held resource; with a big mesh that request exceeds gRPC's default
  /// 4 MiB limit, which would lock the agent out of the control plane.
  @Test func reconnectOfAnAgentHoldingAVeryLargeMesh() async throws {
    let h = try XDSHarness()
    let count = 70_000
    // Names as long as real pod uids in long namespaces: the reconnect request is then ~5.5 MB.
    h.cache.update(
      typeURL: XDSTypeURL.address,
      upserts: try (1...count).map {
        try XDSResource(
          name: "Kubernetes//Pod/team-payments-production-eu/checkout-7d9f8b6c5-\($0)",
          message: MeshAddress.workload(Samples.workload($0)).wire)
      })
    try await h.serve { port in
      let addresses = CountingHandler()
      let client = h.client(port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, handler: addresses)])
      var task = Task { await client.run() }
      await client.waitUntilReady()
      #expect(client.heldVersions(XDSTypeURL.address).count == count)
      task.cancel()
      _ = await task.value
      #expect(await eventually { h.ads.stats.snapshot.streamsActive == 0 })
      let sentBefore = h.ads.stats.snapshot.resourcesSent
      let syncedBefore = h.ads.stats.snapshot.syncedAcks
      task = Task { await client.run() }
      defer { task.cancel() }
      #expect(await eventually(timeout: .seconds(20)) { h.ads.stats.snapshot.syncedAcks > syncedBefore })
      #expect(h.ads.stats.snapshot.resourcesSent == sentBefore)  // nothing resent
      #expect(client.connects == 2)
    }
  }

  @Test func oneRejectedResourceIsNackedWhileOthersApply() async throws {
    let h = try XDSHarness()
    let bad = Samples.workload(2).uid
    h.cache.update(typeURL: XDSTypeURL.address, upserts: try (1...3).map { try Samples.resource(Samples.workload($0)) })
    try await h.serve { port in
      let addresses = RecordingHandler(reject: [bad])
      let client = h.client(port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, handler: addresses)])
      let task = Task { await client.run() }
      defer { task.cancel() }
      await client.waitUntilReady()
      #expect(addresses.count == 2)
      #expect(await eventually { h.ads.stats.snapshot.nacks == 1 })
      let nack = h.ads.stats.snapshot.lastNACK ?? ""
      #expect(nack.contains(bad) && nack.contains("rejected by test policy"))
      #expect(client.heldVersions(XDSTypeURL.address)[bad] == nil)
      // Later pushes still flow after a NACK.
      h.cache.update(typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(4))])
      #expect(await eventually { addresses.count == 3 })
    }
  }

  @Test func onDemandLookupByIPIsAnsweredThroughTheAlias() async throws {
    let h = try XDSHarness()
    h.cache.update(
      typeURL: XDSTypeURL.address, upserts: try (1...20).map { try Samples.resource(Samples.workload($0)) })
    try await h.serve { port in
      let addresses = RecordingHandler()
      let client = h.client(
        port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, mode: .onDemand, handler: addresses)])
      let task = Task { await client.run() }
      defer { task.cancel() }
      // Generous: under a full parallel test run the first TLS handshake and push can take a while.
      #expect(await eventually(timeout: .seconds(30)) { h.ads.stats.snapshot.responses >= 1 })
      #expect(addresses.count == 0)  // on-demand: nothing until asked
      client.subscribe(typeURL: XDSTypeURL.address, names: ["/10.0.0.9", "/192.168.7.7"])
      #expect(await eventually { addresses.count == 1 })
      let aliases = addresses.held.withLock { $0.aliases[Samples.workload(9).uid] } ?? []
      #expect(aliases.contains("/10.0.0.9"))
      #expect(await eventually { addresses.held.withLock { $0.removals.contains("/192.168.7.7") } })
      // The unknown IP appears later: the subscriber hears about it.
      h.cache.update(
        typeURL: XDSTypeURL.address,
        upserts: [
          try XDSResource(
            name: "Kubernetes//Pod/apps/late", aliases: ["/192.168.7.7"],
            message: MeshAddress.workload(
              Workload(
                uid: "Kubernetes//Pod/apps/late", name: "late", namespace: "apps",
                addresses: [try IPAddress("192.168.7.7")])
            ).wire)
        ])
      #expect(await eventually { addresses.value("Kubernetes//Pod/apps/late") != nil })
    }
  }

  @Test func perNodeViewsFollowTheTokenNotTheClaim() async throws {
    let h = try XDSHarness()
    h.cache.update(
      typeURL: XDSTypeURL.address,
      upserts: [
        try Samples.resource(Samples.workload(1), nodes: ["node-a"]),
        try Samples.resource(Samples.workload(2), nodes: ["node-b"]),
        try Samples.resource(Samples.workload(3)),
      ])
    try await h.serve { port in
      let onB = RecordingHandler()
      // The node id claims node-a's ztunnel, but the token is ztunnel-b's.
      let client = DeltaADSClient(
        config: XDSClientConfig(
          host: "127.0.0.1", port: port, rootPEM: h.ca.trustBundlePEM, token: { "ztunnel-b" },
          nodeID: "ztunnel~10.0.0.2~ztunnel-a.istio-system~istio-system.svc.cluster.local"),
        subscriptions: [.init(typeURL: XDSTypeURL.address, handler: onB)])
      let task = Task { await client.run() }
      defer { task.cancel() }
      await client.waitUntilReady()
      #expect(Set(onB.held.withLock { Array($0.byName.keys) }) == [Samples.workload(2).uid, Samples.workload(3).uid])
    }
  }

  @Test func stalledSubscriberDoesNotDelayOthers() async throws {
    let h = try XDSHarness()
    h.cache.update(
      typeURL: XDSTypeURL.address, upserts: try (1...200).map { try Samples.resource(Samples.workload($0)) })
    try await h.serve { port in
      // A raw subscriber that takes the first response and never ACKs.
      let stalled = Task {
        try await RawADS.withStream(port: port, rootPEM: h.ca.trustBundlePEM, token: "ztunnel-a") { send, responses in
          try await send(.with { $0.typeURL = XDSTypeURL.address })
          for try await _ in responses { try await Task.sleep(for: .seconds(60)) }
        }
      }
      defer { stalled.cancel() }
      // Generous: under a full parallel test run the first TLS handshake and push can take a while.
      #expect(await eventually(timeout: .seconds(30)) { h.ads.stats.snapshot.responses == 1 })
      let healthy = RecordingHandler()
      let client = h.client(port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, handler: healthy)])
      let task = Task { await client.run() }
      defer { task.cancel() }
      await client.waitUntilReady()
      for round in 0..<5 {
        h.cache.update(
          typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(1, version: "r\(round)"))])
        #expect(
          await eventually(timeout: .seconds(2)) {
            healthy.value(Samples.workload(1).uid) == .workload(Samples.workload(1, version: "r\(round)"))
          })
      }
      // The stalled stream was sent exactly one response: it owes an ACK.
      #expect(h.ads.stats.snapshot.responses == 1 + 1 + 5)
    }
  }

  @Test func badStreamsGetClearStatusesAndOthersContinue() async throws {
    let h = try XDSHarness()
    h.cache.update(typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(1))])
    try await h.serve { port in
      let healthy = RecordingHandler()
      let client = h.client(port: port, subscriptions: [.init(typeURL: XDSTypeURL.address, handler: healthy)])
      let task = Task { await client.run() }
      defer { task.cancel() }
      await client.waitUntilReady()

      await #expect {
        try await RawADS.withStream(port: port, rootPEM: h.ca.trustBundlePEM, token: "ztunnel-a") { send, responses in
          try await send(.with { $0.typeURL = "type.googleapis.com/envoy.config.cluster.v3.Cluster" })
          for try await _ in responses {}
        }
      } throws: { ($0 as? RPCError)?.code == .invalidArgument && "\($0)".contains("is not served") }

      await #expect {
        try await RawADS.withStream(port: port, rootPEM: h.ca.trustBundlePEM, token: "forged") { send, responses in
          try await send(.with { $0.typeURL = XDSTypeURL.address })
          for try await _ in responses {}
        }
      } throws: { ($0 as? RPCError)?.code == .unauthenticated }

      // Bytes that are not a DeltaDiscoveryRequest: that stream fails, nothing else does.
      await #expect(throws: RPCError.self) {
        try await RawADS.withGarbage(port: port, rootPEM: h.ca.trustBundlePEM, token: "ztunnel-a")
      }

      h.cache.update(typeURL: XDSTypeURL.address, upserts: [try Samples.resource(Samples.workload(2))])
      #expect(await eventually { healthy.count == 2 })
      #expect(h.ads.stats.snapshot.rejectedStreams == 1)
    }
  }
}

/// A bare Delta ADS stream, for subscribers that misbehave on purpose.
enum RawADS {
  typealias Request = Envoy_Service_Discovery_V3_DeltaDiscoveryRequest
  typealias Response = Envoy_Service_Discovery_V3_DeltaDiscoveryResponse

  static func withStream(
    port: Int, rootPEM: String, token: String,
    _ body:
      @escaping @Sendable (
        _ send: @Sendable (Request) async throws -> Void, _ responses: RPCAsyncSequence<Response, any Error>
      ) async throws -> Void
  ) async throws {
    let transport = try ControlPlaneTransport.make(host: "127.0.0.1", port: port, rootPEM: rootPEM)
    try await withGRPCClient(transport: transport) { grpc in
      let ads = Envoy_Service_Discovery_V3_AggregatedDiscoveryService.Client(wrapping: grpc)
      var metadata = Metadata()
      metadata.addString("Bearer \(token)", forKey: "authorization")
      let (outbound, sink) = AsyncStream<Request>.makeStream()
      try await ads.deltaAggregatedResources(
        metadata: metadata,
        requestProducer: { writer in for await r in outbound { try await writer.write(r) } },
        onResponse: { response in
          defer { sink.finish() }
          try await body({ sink.yield($0) }, response.messages)
        })
    }
  }

  /// Sends a frame of garbage where a request belongs and waits for the server's verdict.
  static func withGarbage(port: Int, rootPEM: String, token: String) async throws {
    struct Junk: MessageSerializer {
      func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    }
    let transport = try ControlPlaneTransport.make(host: "127.0.0.1", port: port, rootPEM: rootPEM)
    try await withGRPCClient(transport: transport) { grpc in
      var metadata = Metadata()
      metadata.addString("Bearer \(token)", forKey: "authorization")
      let request = StreamingClientRequest<[UInt8]>(metadata: metadata) { writer in
        try await writer.write([0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x34])
      }
      try await grpc.bidirectionalStreaming(
        request: request,
        descriptor: Envoy_Service_Discovery_V3_AggregatedDiscoveryService.Method.DeltaAggregatedResources.descriptor,
        serializer: Junk(), deserializer: ProtobufDeserializer<Response>(), options: .defaults
      ) { response in
        for try await _ in response.messages {}
      }
    }
  }
}
