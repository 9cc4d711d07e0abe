import Foundation
import Kube
import Testing

@Suite("Leader election decisions")
struct LeaseDecisionTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func record(_ holder: String, transitions: Int = 0) -> LeaseRecord {
    LeaseRecord(
      holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: now.addingTimeInterval(-100),
      renewTime: now.addingTimeInterval(-1), leaseTransitions: transitions)
  }

  @Test("no lease: create it as holder")
  func create() {
    let decision = LeaseDecision.decide(
      current: nil, identity: "me", now: now, observedUnchangedFor: .zero, leaseDuration: .seconds(15))
    guard case .create(let record) = decision else {
      Issue.record("expected create, got \(decision)")
      return
    }
    #expect(record.holderIdentity == "me" && record.leaseTransitions == 0 && record.renewTime == now)
  }

  @Test("a live lease held by another replica is left alone")
  func wait() {
    let decision = LeaseDecision.decide(
      current: record("other"), identity: "me", now: now, observedUnchangedFor: .seconds(5),
      leaseDuration: .seconds(15))
    #expect(decision == .wait)
  }

  @Test("an expired lease is taken over, counting a transition")
  func takeOver() {
    let decision = LeaseDecision.decide(
      current: record("other", transitions: 3), identity: "me", now: now, observedUnchangedFor: .seconds(16),
      leaseDuration: .seconds(15))
    guard case .update(let record) = decision else {
      Issue.record("expected update, got \(decision)")
      return
    }
    #expect(record.holderIdentity == "me" && record.leaseTransitions == 4 && record.acquireTime == now)
  }

  @Test("a released lease (empty holder) is taken at once")
  func released() {
    let decision = LeaseDecision.decide(
      current: record(""), identity: "me", now: now, observedUnchangedFor: .zero, leaseDuration: .seconds(15))
    guard case .update(let record) = decision else {
      Issue.record("expected update, got \(decision)")
      return
    }
    #expect(record.holderIdentity == "me")
  }

  @Test("the holder renews, keeping acquire time and transitions")
  func renew() {
    let decision = LeaseDecision.decide(
      current: record("me", transitions: 2), identity: "me", now: now, observedUnchangedFor: .seconds(100),
      leaseDuration: .seconds(15))
    guard case .update(let record) = decision else {
      Issue.record("expected update, got \(decision)")
      return
    }
    #expect(record.renewTime == now && record.acquireTime == now.addingTimeInterval(-100))
    #expect(record.leaseTransitions == 2)
  }

  @Test("lease times round-trip in Kubernetes MicroTime format")
  func microTime() throws {
    let record = LeaseRecord(
      holderIdentity: "me", leaseDurationSeconds: 15, acquireTime: Date(timeIntervalSince1970: 1_700_000_000.25),
      renewTime: nil, leaseTransitions: 1)
    var lease = Lease(namespace: "istio-system", name: "leader")
    record.apply(to: &lease)
    let text = try #require(lease.object.spec?["acquireTime"]?.stringValue)
    #expect(text == "2023-11-14T22:13:20.250000Z")
    #expect(LeaseRecord(lease) == record)
  }
}
