import ControlPlane
import Foundation
import Kube
import Testing

@Suite("Policy status decision")
struct PolicyStatusDecisionTests {
  let now = Date(timeIntervalSince1970: 1_700_000_000)

  func policy(generation: Int64 = 3, conditions: [Condition] = []) -> KubeObject {
    var object = KubeObject(type: .authorizationPolicy, namespace: "apps", name: "allow")
    object.generation = generation
    object.resourceVersion = "41"
    if !conditions.isEmpty { object.status = ["conditions": .array(conditions.map(\.json))] }
    return object
  }

  let rejected = StatusReport(
    kind: "AuthorizationPolicy", namespace: "apps", name: "allow", accepted: false, reason: "InvalidValue",
    message: "rules[0].to[0].operation.methods: \"FETCH\" is not an HTTP method")

  @Test("a new condition is written with the generation and the object's resourceVersion")
  func newCondition() throws {
    guard case .write(let patch) = PolicyStatusDecision.decide(rejected, current: policy(), now: now) else {
      Issue.record("expected a write")
      return
    }
    #expect(patch.value(at: ["metadata", "resourceVersion"]) == "41")
    let conditions = try #require(patch.value(at: ["status", "conditions"])?.arrayValue)
    let condition = try #require(conditions.first.flatMap { Condition(json: $0) })
    #expect(condition.type == "Accepted" && condition.status == "False" && condition.reason == "InvalidValue")
    #expect(condition.observedGeneration == 3)
    #expect(condition.lastTransitionTime == now)
  }

  @Test("the same status, reason, message and generation is not rewritten")
  func unchanged() {
    let existing = Condition(
      type: "Accepted", status: "False", reason: rejected.reason, message: rejected.message,
      lastTransitionTime: now, observedGeneration: 3)
    let decision = PolicyStatusDecision.decide(rejected, current: policy(conditions: [existing]), now: now + 60)
    #expect(decision == .unchanged)
  }

  @Test("a new message or generation is written; the transition time stays while the status does")
  func changedKeepsTransitionTime() throws {
    let existing = Condition(
      type: "Accepted", status: "False", reason: "InvalidValue", message: "older message",
      lastTransitionTime: now, observedGeneration: 2)
    let other = Condition(type: "Reconciled", status: "True", lastTransitionTime: now)
    let later = now + 60
    guard
      case .write(let patch) = PolicyStatusDecision.decide(
        rejected, current: policy(conditions: [existing, other]), now: later)
    else {
      Issue.record("expected a write")
      return
    }
    let conditions = (patch.value(at: ["status", "conditions"])?.arrayValue ?? []).compactMap { Condition(json: $0) }
    #expect(conditions.map(\.type) == ["Accepted", "Reconciled"])
    #expect(conditions[0].message == rejected.message && conditions[0].observedGeneration == 3)
    #expect(conditions[0].lastTransitionTime == now)

    var accepted = rejected
    accepted.accepted = true
    accepted.reason = "Accepted"
    guard
      case .write(let flipped) = PolicyStatusDecision.decide(
        accepted, current: policy(conditions: [existing]), now: later)
    else {
      Issue.record("expected a write")
      return
    }
    let flippedCondition = (flipped.value(at: ["status", "conditions"])?.arrayValue ?? []).compactMap {
      Condition(json: $0)
    }.first
    #expect(flippedCondition?.status == "True")
    #expect(flippedCondition?.lastTransitionTime == later)
  }

  @Test("several reports for one object become one; a rejection wins")
  func consolidate() {
    let ok = StatusReport(
      kind: "HTTPRoute", namespace: "apps", name: "r", accepted: true, reason: "Accepted", message: "")
    let bad1 = StatusReport(
      kind: "HTTPRoute", namespace: "apps", name: "r", accepted: false, reason: "BackendNotFound", message: "a")
    let bad2 = StatusReport(
      kind: "HTTPRoute", namespace: "apps", name: "r", accepted: false, reason: "BackendNotFound", message: "b")
    let other = StatusReport(
      kind: "PeerAuthentication", namespace: "apps", name: "r", accepted: true, reason: "Accepted", message: "")
    let merged = PolicyStatusDecision.consolidate([ok, bad1, other, bad2])
    #expect(merged.count == 2)
    #expect(merged[0].accepted == false && merged[0].message == "a; b")
    #expect(merged[1] == other)
  }

  @Test("kinds map to their resource types; others are unsupported")
  func kinds() {
    #expect(PolicyStatusDecision.resourceType(forKind: "RequestAuthentication") == .requestAuthentication)
    #expect(PolicyStatusDecision.resourceType(forKind: "HTTPRoute") == .httpRoute)
    #expect(PolicyStatusDecision.resourceType(forKind: "Sidecar") == nil)
  }
}
