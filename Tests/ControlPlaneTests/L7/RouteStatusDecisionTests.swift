import ControlPlane
import Foundation
import Kube
import Testing

@Suite("HTTPRoute status decision")
struct RouteStatusDecisionTests {
  static let now = Date(timeIntervalSince1970: 1_700_000_000)
  static let service = ParentReference(group: "", kind: "Service", name: "httpbin")
  static let gone = ParentReference(group: "", kind: "Service", name: "gone")
  static let ingress = ParentReference(name: "ingress")

  static func route(parents: [RouteParentStatus], strayConditions: Bool = false) throws -> KubeObject {
    var object = KubeObject(type: .httpRoute, namespace: "apps", name: "r")
    object.json.setValue("7", at: ["metadata", "resourceVersion"])
    var route = HTTPRoute(object)
    route.parentRefs = [service, ingress]
    route.statusParents = parents
    if strayConditions {
      route.object.json.setValue(.array([["type": "Accepted", "status": "True"]]), at: ["status", "conditions"])
    }
    return route.object
  }

  static let report = StatusReport(
    kind: "HTTPRoute", namespace: "apps", name: "r", accepted: false, reason: "BackendNotFound", message: "m",
    routeParents: [
      RouteParentVerdict(
        parentRef: service, accepted: true, acceptedReason: "Accepted", acceptedMessage: "attached",
        resolvedRefs: false, resolvedRefsReason: "BackendNotFound", resolvedRefsMessage: "no Service apps/gone")
    ])

  @Test("writes our entry per parent, keeps other controllers' entries, drops our stale ones and stray conditions")
  func writes() throws {
    let theirs = RouteParentStatus(parentRef: Self.ingress, controllerName: "example.com/gateway", conditions: [])
    let stale = RouteParentStatus(parentRef: Self.gone, controllerName: "istio.io/mesh-controller", conditions: [])
    let current = try Self.route(parents: [theirs, stale], strayConditions: true)
    guard case .write(let patch) = PolicyStatusDecision.decide(Self.report, current: current, now: Self.now) else {
      Issue.record("expected a write")
      return
    }
    #expect(patch["metadata"]?["resourceVersion"]?.stringValue == "7")
    #expect(patch["status"]?["conditions"] == .null)
    var applied = HTTPRoute(current)
    applied.object.json.setValue(patch["status"]?["parents"], at: ["status", "parents"])
    let parents = applied.statusParents
    #expect(parents.map(\.controllerName) == ["example.com/gateway", "istio.io/mesh-controller"])
    let ours = try #require(parents.last)
    #expect(ours.parentRef.name == "httpbin")
    #expect(ours.conditions.condition("Accepted")?.isTrue == true)
    #expect(ours.conditions.condition("ResolvedRefs")?.reason == "BackendNotFound")
    #expect(ours.conditions.condition("ResolvedRefs")?.isTrue == false)
  }

  @Test("an entry that already says the same is not rewritten")
  func unchanged() throws {
    let empty = try Self.route(parents: [])
    guard case .write(let patch) = PolicyStatusDecision.decide(Self.report, current: empty, now: Self.now) else {
      Issue.record("expected a write")
      return
    }
    var written = empty
    written.json.setValue(patch["status"]?["parents"], at: ["status", "parents"])
    let again = PolicyStatusDecision.decide(Self.report, current: written, now: Self.now.addingTimeInterval(60))
    #expect(again == .unchanged)
  }
}
