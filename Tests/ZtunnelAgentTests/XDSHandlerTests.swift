@testable import MeshStore
import Foundation
import Shared
import SwiftProtobuf
import Testing
import XDS

@testable import ZtunnelAgent

@Suite struct XDSHandlerTests {
  static func resource(_ name: String, _ address: MeshAddress) throws -> ReceivedResource {
    ReceivedResource(name: name, version: "v1", aliases: [], payload: try address.wire.serializedData())
  }

  static func resource(_ policy: AuthorizationPolicy, name: String? = nil) throws -> ReceivedResource {
    ReceivedResource(name: name ?? policy.key, version: "v1", aliases: [], payload: try policy.wire.serializedData())
  }

  @Test func badAddressResourcesAreRejectedWithReasonsAndTheRestApplied() async throws {
    let store = WorkloadStore()
    let handler = AddressHandler(store: store)
    let good = TestMesh.pod("good", "10.0.0.1")
    var badAddress = Istio_Workload_Address()
    badAddress.workload = good.wire
    badAddress.workload.uid = "Kubernetes//Pod/apps/bad"
    badAddress.workload.addresses = [Data([10, 0, 0])]
    var badIdentity = TestMesh.pod("upper", "10.0.0.2")
    badIdentity.serviceAccount = "Not_Valid"
    let service = TestMesh.service()
    let rejected = await handler.apply(
      upserts: [
        try Self.resource(good.uid, .workload(good)),
        ReceivedResource(
          name: "Kubernetes//Pod/apps/bad", version: "v1", aliases: [], payload: try badAddress.serializedData()),
        try Self.resource(badIdentity.uid, .workload(badIdentity)),
        try Self.resource("apps/wrong-name", .service(service)),
        ReceivedResource(name: "garbage", version: "v1", aliases: [], payload: Data([0xFF, 0xFF, 0xFF])),
        try Self.resource(service.resourceName, .service(service)),
      ], removals: [])
    #expect(Set(rejected.keys) == ["Kubernetes//Pod/apps/bad", badIdentity.uid, "apps/wrong-name", "garbage"])
    #expect(rejected["Kubernetes//Pod/apps/bad"]?.contains("addresses[0]") == true)
    #expect(rejected[badIdentity.uid]?.contains("Not_Valid") == true)
    #expect(rejected["apps/wrong-name"]?.contains("differs from the resource name") == true)
    let snap = store.snapshot
    #expect(snap.version == 1)  // one push, one swap
    #expect(snap.workload(at: TestMesh.ip("10.0.0.1"))?.uid == good.uid)
    #expect(snap.workload(at: TestMesh.ip("10.0.0.2")) == nil)
    #expect(snap.service(at: TestMesh.ip("10.96.0.10"))?.name == "httpbin")

    let none = await handler.apply(upserts: [], removals: [good.uid, service.resourceName])
    #expect(none.isEmpty)
    #expect(store.snapshot.workloadCount == 0)
    #expect(store.snapshot.serviceCount == 0)
  }

  @Test func authorizationHandlerAppliesPoliciesAndRejectsUnreadableOnes() async throws {
    let store = WorkloadStore()
    let handler = AuthorizationHandler(store: store)
    let deny = AuthorizationPolicy(
      name: "deny-sleep", namespace: "apps", scope: .namespace, action: .deny,
      rules: [AuthorizationRule(clauses: [AuthorizationClause(matches: [AuthorizationMatch(principals: [.presence])])])]
    )
    var unknownAction = deny.wire
    unknownAction.name = "future"
    unknownAction.action = .UNRECOGNIZED(7)
    let rejected = await handler.apply(
      upserts: [
        try Self.resource(deny),
        ReceivedResource(name: "apps/future", version: "v1", aliases: [], payload: try unknownAction.serializedData()),
      ], removals: [])
    #expect(Array(rejected.keys) == ["apps/future"])
    #expect(rejected["apps/future"]?.contains("action") == true)
    #expect(store.snapshot.policy(key: "apps/deny-sleep") == deny)
    _ = await handler.apply(upserts: [], removals: ["apps/deny-sleep"])
    #expect(store.snapshot.policyCount == 0)
  }
}
