import ControlPlane
import MeshCtlKit
import Testing

@Suite("meshctl describe pod")
struct PodDescriberTests {
  typealias F = InventoryFixtures
  typealias Ref = PodDescriber.PodRef

  static func describe(_ name: String, _ namespace: String = "ambient-apps", from: Ref? = nil) throws -> PodDescription
  {
    let inventory = try F.inventory(F.walkthrough)
    return try PodDescriber.describe(
      Ref(namespace: namespace, name: name), inventory: inventory, snapshot: inventory.translate(), from: from)
  }

  @Test("an enrolled pod: why, its identity, its node's ztunnel, its service and the policy that applies")
  func enrolledPod() throws {
    let description = try Self.describe("httpbin-ambient-1")
    #expect(description.enrollment.enrolled)
    #expect(description.enrollment.reason == "namespace ambient-apps has istio.io/dataplane-mode=ambient")
    #expect(description.captured)
    #expect(description.identity == "spiffe://cluster.local/ns/ambient-apps/sa/httpbin-ambient")
    #expect(description.ztunnel == "istio-system/ztunnel-aaaaa")
    #expect(description.services == ["ambient-apps/httpbin-ambient (8000->80)"])
    #expect(description.policies.map(\.key) == ["ambient-apps/require-sleep-identity"])
    #expect(description.policies.first?.enforcedBy == "ztunnel (L4)")
    #expect(description.text.contains("Identity:   spiffe://cluster.local/ns/ambient-apps/sa/httpbin-ambient"))
  }

  @Test("the verdict for a source: the allowed identity passes, another identity and a pod outside the mesh do not")
  func verdicts() throws {
    let allowed = try #require(
      try Self.describe("httpbin-ambient-1", from: Ref(namespace: "ambient-apps", name: "sleep-ambient-1")).verdict)
    #expect(allowed.allowed)
    #expect(allowed.port == 80)
    #expect(allowed.sourceIdentity == "spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient")
    let rogue = try #require(
      try Self.describe("httpbin-ambient-1", from: Ref(namespace: "ambient-apps", name: "rogue-client")).verdict)
    #expect(!rogue.allowed)
    #expect(rogue.reason.contains("spiffe://cluster.local/ns/ambient-apps/sa/rogue-sa"))
    let legacy = try #require(
      try Self.describe("httpbin-ambient-1", from: Ref(namespace: "legacy-apps", name: "httpbin-legacy-1")).verdict)
    #expect(!legacy.allowed)
    #expect(legacy.sourceIdentity == nil)
    #expect(legacy.reason.contains("not enrolled"))
  }

  @Test("a pod outside the mesh says how to enroll it")
  func legacyPod() throws {
    let description = try Self.describe("httpbin-legacy-1", "legacy-apps")
    #expect(!description.enrollment.enrolled)
    #expect(
      description.enrollment.reason.contains("kubectl label namespace legacy-apps istio.io/dataplane-mode=ambient"))
    #expect(description.identity == nil)
    #expect(description.policies.isEmpty)
  }

  @Test("mesh components are never captured, whatever their namespace says")
  func ztunnelPod() throws {
    let description = try Self.describe("ztunnel-aaaaa", "istio-system")
    #expect(!description.enrollment.enrolled)
    #expect(description.enrollment.reason.contains("never captured"))
  }

  @Test("an unknown pod names the pods that do exist")
  func unknownPod() throws {
    #expect {
      try Self.describe("htbin")
    } throws: { error in
      "\(error)".contains("pod ambient-apps/htbin not found") && "\(error)".contains("httpbin-ambient-1")
    }
  }

  @Test func jsonHasTheSameFields() throws {
    let json = try Self.describe("httpbin-ambient-1").json
    #expect(json["enrolled"]?.boolValue == true)
    #expect(json["identity"]?.stringValue == "spiffe://cluster.local/ns/ambient-apps/sa/httpbin-ambient")
  }
}
