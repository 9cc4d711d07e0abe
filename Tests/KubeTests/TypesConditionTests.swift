import Foundation
import Kube
import Testing

@Suite("Types: conditions and IntOrString")
struct TypesConditionTests {
  static let earlier = Date(timeIntervalSince1970: 1_700_000_000)
  static let later = Date(timeIntervalSince1970: 1_700_000_600)

  @Test("upsert appends a new condition stamped with now")
  func append() {
    let result = Condition.upsert(Condition(type: "Accepted", isTrue: true), into: [], now: Self.earlier)
    #expect(result == [Condition(type: "Accepted", status: "True", lastTransitionTime: Self.earlier)])
  }

  @Test("upsert keeps lastTransitionTime when the status is unchanged, and updates the rest")
  func unchanged() {
    let existing = [
      Condition(type: "Accepted", status: "True", reason: "Accepted", lastTransitionTime: Self.earlier),
      Condition(
        type: "Programmed", status: "True", reason: "Programmed", message: "old", lastTransitionTime: Self.earlier,
        observedGeneration: 1, otherFields: ["lastProbeTime": .null]),
    ]
    let result = Condition.upsert(
      Condition(type: "Programmed", status: "True", reason: "Programmed", message: "new", observedGeneration: 2),
      into: existing, now: Self.later)
    #expect(result.count == 2)
    #expect(result[0] == existing[0])
    #expect(result[1].lastTransitionTime == Self.earlier)
    #expect(result[1].message == "new")
    #expect(result[1].observedGeneration == 2)
    #expect(result[1].otherFields == ["lastProbeTime": .null])
  }

  @Test("upsert moves lastTransitionTime when the status changes")
  func changed() {
    let existing = [Condition(type: "Ready", status: "True", lastTransitionTime: Self.earlier)]
    let result = Condition.upsert(Condition(type: "Ready", isTrue: false), into: existing, now: Self.later)
    #expect(result == [Condition(type: "Ready", status: "False", lastTransitionTime: Self.later)])
    let explicit = Date(timeIntervalSince1970: 1_700_000_300)
    let stated = Condition.upsert(
      Condition(type: "Ready", status: "Unknown", lastTransitionTime: explicit), into: existing, now: Self.later)
    #expect(stated.first?.lastTransitionTime == explicit)
  }

  @Test("conditions read leniently and write every member back")
  func json() throws {
    let json: JSONValue = [
      "type": "Accepted", "status": "True", "reason": "Accepted", "message": "ok",
      "lastTransitionTime": "2024-05-01T10:00:00Z", "observedGeneration": 3, "lastUpdateTime": "x",
    ]
    let condition = try #require(Condition(json: json))
    #expect(condition.isTrue)
    #expect(condition.observedGeneration == 3)
    #expect(condition.lastTransitionTime == KubeTime.parse("2024-05-01T10:00:00Z"))
    #expect(condition.otherFields == ["lastUpdateTime": "x"])
    #expect(condition.json == json)
    #expect(Condition(json: ["status": "True"]) == nil)
    #expect(Condition(json: "Ready") == nil)
    #expect(Condition(json: ["type": "Ready"])?.status == "Unknown")
    #expect(
      Condition(json: ["type": "Ready", "status": "True", "lastTransitionTime": "yesterday"])?.lastTransitionTime == nil
    )
  }

  @Test("IntOrString reads and writes numbers and names as written")
  func intOrString() {
    #expect(IntOrString(json: 80) == .int(80))
    #expect(IntOrString(json: "http") == .string("http"))
    #expect(IntOrString(json: "80") == .string("80"))
    #expect(IntOrString(json: .double(8080)) == .int(8080))
    #expect(IntOrString(json: .double(80.5)) == nil)
    #expect(IntOrString(json: true) == nil)
    #expect(IntOrString(json: nil) == nil)
    let number: IntOrString = 8080
    let name: IntOrString = "grpc"
    #expect(number.json == .int(8080) && name.json == .string("grpc"))
    #expect(number.intValue == 8080 && number.stringValue == nil)
    #expect(name.stringValue == "grpc" && name.intValue == nil)
    #expect("\(number) \(name)" == "8080 grpc")
  }

  @Test("list helpers find a condition by type")
  func lookup() {
    let conditions = [Condition(type: "Accepted", isTrue: true), Condition(type: "Programmed", isTrue: false)]
    #expect(conditions.isTrue("Accepted"))
    #expect(!conditions.isTrue("Programmed"))
    #expect(!conditions.isTrue("Ready"))
    #expect(conditions.condition("Programmed")?.status == "False")
  }
}
