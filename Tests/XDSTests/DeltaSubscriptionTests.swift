import Foundation
import Shared
import SwiftProtobuf
import Testing

@testable import XDS

/// The subscription state machine, request by request, without any I/O.
struct DeltaSubscriptionTests {
  typealias Request = Envoy_Service_Discovery_V3_DeltaDiscoveryRequest

  static func state(_ workloads: [Workload], nodes: Set<String>? = nil) throws -> TypeState {
    var s = TypeState()
    for w in workloads {
      _ = s.upsert(w.uid, try CachedResource(try Samples.resource(w, nodes: nodes), typeURL: XDSTypeURL.address))
    }
    return s
  }

  static func names(_ r: PendingResponse) throws -> Set<String> {
    Set(try r.resources.map { try Envoy_Service_Discovery_V3_Resource(serializedBytes: $0).name })
  }

  @Test func wildcardGetsEverythingThenOnlyChanges() throws {
    var state = try Self.state((1...3).map { Samples.workload($0) })
    var sub = DeltaSubscription()
    let r1 = sub.apply(Request(), first: true)
    #expect(r1 == .subscription)
    let r2 = sub.nextResponse(from: state, node: nil, nonce: { "1" })
    let first = try #require(r2)
    #expect(try Self.names(first).count == 3)
    // Nothing more until the ACK, even when something changes.
    _ = state.upsert(
      Samples.workload(1).uid,
      try CachedResource(try Samples.resource(Samples.workload(1, version: "v2")), typeURL: XDSTypeURL.address))
    let r3 = sub.nextResponse(from: state, node: nil, nonce: { "x" })
    #expect(r3 == nil)
    let r4 = sub.apply(.with { $0.responseNonce = "1" }, first: false)
    #expect(r4 == .ack)
    let r5 = sub.nextResponse(from: state, node: nil, nonce: { "2" })
    let second = try #require(r5)
    #expect(try Self.names(second) == [Samples.workload(1).uid])
    let r6 = sub.apply(.with { $0.responseNonce = "2" }, first: false)
    #expect(r6 == .ack)
    _ = state.remove(Samples.workload(2).uid)
    let r7 = sub.nextResponse(from: state, node: nil, nonce: { "3" })
    let third = try #require(r7)
    #expect(third.resources.isEmpty && third.removed == [Samples.workload(2).uid])
    let r8 = sub.apply(.with { $0.responseNonce = "3" }, first: false)
    #expect(r8 == .ack)
    let r9 = sub.nextResponse(from: state, node: nil, nonce: { "4" })
    #expect(r9 == nil)
  }

  @Test func reconnectWithVersionsSkipsUnchanged() throws {
    let before = try Self.state((1...4).map { Samples.workload($0) })
    var sub = DeltaSubscription()
    _ = sub.apply(Request(), first: true)
    let maybeInitial = sub.nextResponse(from: before, node: nil, nonce: { "1" })
    let initial = try #require(maybeInitial)
    // What the client holds: every resource of the first response, by name and version.
    var held: [String: String] = [:]
    for bytes in initial.resources {
      let r = try Envoy_Service_Discovery_V3_Resource(serializedBytes: bytes)
      held[r.name] = r.version
    }
    #expect(held.count == 4)
    var after = before
    _ = after.upsert(
      Samples.workload(3).uid,
      try CachedResource(try Samples.resource(Samples.workload(3, version: "v9")), typeURL: XDSTypeURL.address))
    _ = after.remove(Samples.workload(4).uid)
    var again = DeltaSubscription()
    _ = again.apply(.with { $0.initialResourceVersions = held }, first: true)
    let r10 = again.nextResponse(from: after, node: nil, nonce: { "1" })
    let response = try #require(r10)
    #expect(try Self.names(response) == [Samples.workload(3).uid])
    #expect(response.removed == [Samples.workload(4).uid])
  }

  @Test func onDemandByAliasAndUnknownNames() throws {
    let state = try Self.state([Samples.workload(7)])
    var sub = DeltaSubscription()
    _ = sub.apply(
      .with {
        $0.resourceNamesSubscribe = ["*"]
        $0.resourceNamesUnsubscribe = ["*"]
      }, first: true)
    let r11 = sub.nextResponse(from: state, node: nil, nonce: { "1" })
    let empty = try #require(r11)
    #expect(empty.resources.isEmpty && empty.removed.isEmpty)  // first response, nothing subscribed
    _ = sub.apply(.with { $0.responseNonce = "1" }, first: false)
    _ = sub.apply(.with { $0.resourceNamesSubscribe = ["/10.0.0.7", "/10.9.9.9"] }, first: false)
    let r12 = sub.nextResponse(from: state, node: nil, nonce: { "2" })
    let response = try #require(r12)
    let resource = try Envoy_Service_Discovery_V3_Resource(serializedBytes: response.resources[0])
    #expect(resource.name == Samples.workload(7).uid)
    #expect(resource.aliases.contains("/10.0.0.7"))
    #expect(response.removed == ["/10.9.9.9"])
  }

  @Test func perNodeViewHidesOtherNodesResources() throws {
    let state = try Self.state([Samples.workload(1)], nodes: ["node-a"])
    var onA = DeltaSubscription()
    _ = onA.apply(Request(), first: true)
    let r13 = onA.nextResponse(from: state, node: "node-a", nonce: { "1" })
    #expect(try r13.map(Self.names)?.count == 1)
    var onB = DeltaSubscription()
    _ = onB.apply(Request(), first: true)
    let r14 = onB.nextResponse(from: state, node: "node-b", nonce: { "1" })
    #expect(r14?.resources.isEmpty == true)
  }

  @Test func scopedResourcesMovingBetweenNodesAreRemovedOnlyWhereHeld() throws {
    var state = try Self.state([Samples.workload(1)], nodes: ["node-a"])
    var onA = DeltaSubscription()
    var onB = DeltaSubscription()
    _ = onA.apply(Request(), first: true)
    _ = onB.apply(Request(), first: true)
    let a1 = onA.nextResponse(from: state, node: "node-a", nonce: { "1" })
    let b1 = onB.nextResponse(from: state, node: "node-b", nonce: { "1" })
    #expect(a1?.resources.count == 1 && b1?.resources.isEmpty == true)
    _ = onA.apply(.with { $0.responseNonce = "1" }, first: false)
    _ = onB.apply(.with { $0.responseNonce = "1" }, first: false)
    // The workload moves to node-b.
    let moved = try CachedResource(
      try Samples.resource(Samples.workload(1, version: "v2"), nodes: ["node-b"]), typeURL: XDSTypeURL.address)
    _ = state.upsert(Samples.workload(1).uid, moved)
    let a2 = onA.nextResponse(from: state, node: "node-a", nonce: { "2" })
    let b2 = onB.nextResponse(from: state, node: "node-b", nonce: { "2" })
    #expect(a2?.removed == [Samples.workload(1).uid] && a2?.resources.isEmpty == true)
    #expect(b2?.resources.count == 1 && b2?.removed.isEmpty == true)
    // A change elsewhere that node-a never held sends it nothing.
    _ = onA.apply(.with { $0.responseNonce = "2" }, first: false)
    let again = try CachedResource(
      try Samples.resource(Samples.workload(1, version: "v3"), nodes: ["node-b"]), typeURL: XDSTypeURL.address)
    _ = state.upsert(Samples.workload(1).uid, again)
    let a3 = onA.nextResponse(from: state, node: "node-a", nonce: { "3" })
    #expect(a3 == nil)
  }

  @Test func largeSetsGoOutInPiecesAfterEachACK() throws {
    var state = try Self.state((1...50).map { Samples.workload($0) })
    var sub = DeltaSubscription()
    _ = sub.apply(Request(), first: true)
    var received = Set<String>()
    var removed: [String] = []
    var gone = ""
    var responses = 0
    while true {
      let next = sub.nextResponse(from: state, node: nil, maxBytes: 1000) { String(responses) }
      guard let response = next else { break }
      responses += 1
      received.formUnion(try Self.names(response))
      removed += response.removed
      let partial = response.systemVersion.hasSuffix(DeltaSubscription.partialMarker)
      if responses == 2 {
        // A workload already sent disappears while the rest is still on its way.
        gone = received.sorted()[0]
        _ = state.remove(gone)
      }
      _ = sub.apply(.with { $0.responseNonce = String(responses - 1) }, first: false)
      if !partial { break }
    }
    #expect(responses > 3)
    #expect(received.count == 50)
    #expect(removed == [gone])
    let extra = sub.nextResponse(from: state, node: nil, maxBytes: 1000) { "x" }
    #expect(extra == nil)
  }

  @Test func nackAndStaleNonces() throws {
    let state = try Self.state([Samples.workload(1)])
    var sub = DeltaSubscription()
    _ = sub.apply(Request(), first: true)
    _ = sub.nextResponse(from: state, node: nil, nonce: { "5" })
    let r15 = sub.apply(.with { $0.responseNonce = "4" }, first: false)
    #expect(r15 == .stale)
    let nack = sub.apply(
      .with {
        $0.responseNonce = "5"
        $0.errorDetail = .with { $0.message = "pod-1: bad" }
      }, first: false)
    #expect(nack == .nack("pod-1: bad"))
    #expect(sub.pendingNonce == nil)
  }

  @Test func changeLogFallsBackToFullScanWhenTrimmed() throws {
    var state = TypeState()
    let resource = try CachedResource(try Samples.resource(Samples.workload(1)), typeURL: XDSTypeURL.address)
    _ = state.upsert("a", resource)
    #expect(state.changes(since: 0) == ["a"])
    for i in 0..<3000 {
      let r = try CachedResource(
        try Samples.resource(Samples.workload(1, version: "v\(i)")), typeURL: XDSTypeURL.address)
      _ = state.upsert("a", r)
    }
    #expect(state.changes(since: 0) == nil)
    #expect(state.changes(since: state.generation) == [])
    #expect(state.changes(since: state.generation - 1) == ["a"])
  }

  @Test func versionsAreContentHashes() throws {
    let a = try CachedResource(try Samples.resource(Samples.workload(1)), typeURL: XDSTypeURL.address)
    let b = try CachedResource(try Samples.resource(Samples.workload(1)), typeURL: XDSTypeURL.address)
    let c = try CachedResource(try Samples.resource(Samples.workload(1, version: "v2")), typeURL: XDSTypeURL.address)
    #expect(a.version == b.version && a.version != c.version && ContentHash.text(a.version).count == 15)
    var state = TypeState()
    let r16 = state.upsert("x", a)
    #expect(r16)
    let r17 = state.upsert("x", b)
    #expect(!r17)  // same content: no change, no push
  }

  @Test func encodedResponseDecodesAsTheProtobufMessage() throws {
    let r = try CachedResource(try Samples.resource(Samples.workload(1)), typeURL: XDSTypeURL.address)
    let pending = PendingResponse(
      nonce: "n1", resources: [r.encoded, r.encoded], removed: ["gone", "x/y"], systemVersion: "42")
    let bytes = EncodedDeltaResponse(typeURL: XDSTypeURL.address, pending).bytes
    let decoded = try Envoy_Service_Discovery_V3_DeltaDiscoveryResponse(serializedBytes: bytes)
    #expect(decoded.typeURL == XDSTypeURL.address)
    #expect(decoded.nonce == "n1" && decoded.systemVersionInfo == "42")
    #expect(decoded.removedResources == ["gone", "x/y"])
    #expect(decoded.resources.count == 2 && decoded.resources[0].version == ContentHash.text(r.version))
    #expect(decoded.resources[0].resource.typeURL == XDSTypeURL.address)
  }

  @Test func agentDecoderReadsWhatTheServerEncodes() throws {
    let r = try CachedResource(try Samples.resource(Samples.workload(3)), typeURL: XDSTypeURL.address)
    let pending = PendingResponse(nonce: "n7", resources: [r.encoded], removed: ["gone"], systemVersion: "9+more")
    var bytes = EncodedDeltaResponse(typeURL: XDSTypeURL.address, pending).bytes
    bytes += [0x98, 0x06, 0x01]  // an unknown field from a future server: skipped
    let decoded = try bytes.withUnsafeBytes { try DeltaResponseDeserializer().decode($0) }
    #expect(decoded.typeURL == XDSTypeURL.address && decoded.nonce == "n7" && decoded.systemVersionInfo == "9+more")
    #expect(decoded.removed == ["gone"])
    let (payloadType, resource) = try #require(decoded.resources.first)
    #expect(payloadType == XDSTypeURL.address)
    #expect(resource.name == Samples.workload(3).uid && resource.version == ContentHash.text(r.version))
    #expect(resource.aliases == ["/10.0.0.3"])
    let address = try MeshAddress(
      wire: try Istio_Workload_Address(serializedBytes: resource.payload), resourceName: resource.name)
    #expect(address == .workload(Samples.workload(3)))
    let envelope = try bytes.withUnsafeBytes { try DeltaResponseDeserializer(skipResources: true).decode($0) }
    #expect(envelope.resources.isEmpty && envelope.nonce == "n7")
    // Truncated input is an error, never a partial success.
    #expect(throws: (any Error).self) {
      try bytes.dropLast(40).withUnsafeBytes { try DeltaResponseDeserializer().decode($0) }
    }
  }
}
