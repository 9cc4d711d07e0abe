import ControlPlane
import Foundation
import Kube
import Testing

@Suite("Waypoint status")
struct WaypointStatusTests {
  let now = Date(timeIntervalSince1970: 1_700_000_000)

  func service(clusterIP: String?) -> KubeService {
    var service = KubeService(namespace: "ambient-apps", name: "httpbin-ambient-waypoint")
    service.clusterIP = clusterIP
    return service
  }

  let deployment = Deployment(namespace: "ambient-apps", name: "httpbin-ambient-waypoint")

  @Test("no Service yet: accepted, not programmed, no address")
  func pending() throws {
    let gateway = WaypointResourcesTests.walkthroughGateway()
    let status = WaypointStatus(gateway: gateway, service: nil, deployment: nil)
    #expect(status.accepted)
    #expect(status.addresses.isEmpty)
    let accepted = try #require(status.conditions.condition("Accepted"))
    #expect(accepted.isTrue && accepted.reason == "Accepted" && accepted.observedGeneration == 1)
    let programmed = try #require(status.conditions.condition("Programmed"))
    #expect(programmed.status == "False" && programmed.reason == "Pending")
    #expect(programmed.message?.contains("ambient-apps/httpbin-ambient-waypoint") == true)

    let unallocated = WaypointStatus(gateway: gateway, service: service(clusterIP: nil), deployment: deployment)
    #expect(unallocated.conditions.condition("Programmed")?.reason == "Pending")
    #expect(unallocated.addresses.isEmpty)
  }

  @Test("a ClusterIP makes the Gateway a programmed waypoint with that address")
  func programmed() throws {
    let gateway = WaypointResourcesTests.walkthroughGateway()
    let status = WaypointStatus(gateway: gateway, service: service(clusterIP: "10.96.0.42"), deployment: deployment)
    #expect(status.addresses == [GatewayStatusAddress(type: "IPAddress", value: "10.96.0.42")])
    let programmed = try #require(status.conditions.condition("Programmed"))
    #expect(programmed.isTrue && programmed.reason == "Programmed")

    let patch = try #require(status.statusPatch(for: gateway, now: now))
    #expect(patch.value(at: ["status", "addresses"]) == [["type": "IPAddress", "value": "10.96.0.42"]])
    #expect(patch.value(at: ["status", "conditions"])?.arrayValue?.count == 2)

    // Once written, the same observation is no change at all.
    let written = status.applied(to: gateway, now: now)
    #expect(status.statusPatch(for: written, now: now.addingTimeInterval(60)) == nil)
  }

  @Test("Pending → Programmed moves lastTransitionTime of Programmed only; other conditions survive")
  func transition() throws {
    var gateway = WaypointResourcesTests.walkthroughGateway()
    gateway.setCondition(Condition(type: "ResolvedRefs", status: "True", reason: "ResolvedRefs"), now: now)
    let pending = WaypointStatus(gateway: gateway, service: nil, deployment: nil).applied(to: gateway, now: now)
    let later = now.addingTimeInterval(30)
    let ready = WaypointStatus(gateway: pending, service: service(clusterIP: "10.96.0.42"), deployment: deployment)
      .applied(to: pending, now: later)
    #expect(ready.conditions.condition("Accepted")?.lastTransitionTime == now)
    #expect(ready.conditions.condition("Programmed")?.lastTransitionTime == later)
    #expect(ready.conditions.condition("ResolvedRefs")?.isTrue == true)
    #expect(ready.statusAddresses.map(\.value) == ["10.96.0.42"])
  }

  @Test(
    "istio.io/waypoint-for must be service, workload, all or none",
    arguments: [("service", true), ("workload", true), ("all", true), ("none", true), ("pods", false), ("", false)])
  func waypointFor(value: String, valid: Bool) throws {
    var gateway = WaypointResourcesTests.walkthroughGateway()
    gateway.waypointFor = value
    let status = WaypointStatus(gateway: gateway, service: service(clusterIP: "10.96.0.42"), deployment: deployment)
    #expect(status.accepted == valid)
    let accepted = try #require(status.conditions.condition("Accepted"))
    #expect(accepted.isTrue == valid)
    if !valid {
      #expect(accepted.reason == "InvalidParameters")
      #expect(accepted.message?.contains("\"\(value)\"") == true)
      #expect(status.addresses.isEmpty)
      #expect(status.conditions.condition("Programmed")?.isTrue == false)
    }
  }

  @Test("an absent waypoint-for means service")
  func defaultWaypointFor() {
    var gateway = WaypointResourcesTests.walkthroughGateway()
    gateway.waypointFor = nil
    let status = WaypointStatus(gateway: gateway, service: nil, deployment: nil)
    #expect(status.accepted)
    #expect(status.conditions.condition("Accepted")?.message?.contains("service") == true)
  }

  @Test("an invalid Gateway that had an address loses it")
  func invalidClearsAddress() throws {
    var gateway = WaypointResourcesTests.walkthroughGateway()
    gateway = WaypointStatus(gateway: gateway, service: service(clusterIP: "10.96.0.42"), deployment: deployment)
      .applied(to: gateway, now: now)
    gateway.waypointFor = "everything"
    let patch = try #require(
      WaypointStatus(gateway: gateway, service: nil, deployment: nil).statusPatch(for: gateway, now: now))
    #expect(patch.value(at: ["status", "addresses"]) == .null)
  }
}
