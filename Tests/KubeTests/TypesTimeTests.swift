import Foundation
import Kube
import Testing

@Suite("Types: timestamps and Leases")
struct TypesTimeTests {
  @Test(
    "parses RFC 3339 in the forms Kubernetes and other clients write",
    arguments: [
      ("2006-01-02T15:04:05Z", 1_136_214_245.0),
      ("2006-01-02T15:04:05.000000Z", 1_136_214_245.0),
      ("2006-01-02T15:04:05.123456Z", 1_136_214_245.123456),
      ("2006-01-02T15:04:05.5Z", 1_136_214_245.5),
      ("2006-01-02T15:04:05.123456789Z", 1_136_214_245.123456789),
      ("2006-01-02T08:04:05-07:00", 1_136_214_245.0),
      ("2006-01-02t15:04:05z", 1_136_214_245.0),
      ("2006-01-02T20:34:05+05:30", 1_136_214_245.0),
      ("1970-01-01T00:00:00Z", 0.0),
      ("2000-02-29T00:00:00Z", 951_782_400.0),
      ("1969-12-31T23:59:59.5Z", -0.5),
    ])
  func parses(text: String, seconds: Double) throws {
    let date = try #require(KubeTime.parse(text))
    #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
  }

  @Test(
    "refuses what is not an RFC 3339 timestamp",
    arguments: [
      "", "2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05Z", "2006-13-02T15:04:05Z",
      "2006-02-29T15:04:05Z", "2006-01-02T24:00:00Z", "2006-01-02T15:60:05Z", "2006-01-02T15:04:05.Z",
      "2006-01-02T15:04:05.1234567890Z", "2006-01-02T15:04:05+0700", "2006-01-02T15:04:05Zjunk", "20O6-01-02T15:04:05Z",
    ])
  func refuses(text: String) {
    #expect(KubeTime.parse(text) == nil)
  }

  @Test("formats Time with whole seconds and MicroTime with six digits, in UTC")
  func formats() {
    let date = Date(timeIntervalSince1970: 1_136_214_245.123456)
    #expect(KubeTime.format(date) == "2006-01-02T15:04:05Z")
    #expect(KubeTime.formatMicro(date) == "2006-01-02T15:04:05.123456Z")
    #expect(KubeTime.formatMicro(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
    #expect(KubeTime.format(Date(timeIntervalSince1970: 951_868_799.999)) == "2000-02-29T23:59:59Z")
    #expect(KubeTime.formatMicro(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
    #expect(KubeTime.format(Date(timeIntervalSince1970: 4_102_444_800)) == "2100-01-01T00:00:00Z")
  }

  @Test("MicroTime round-trips to the microsecond across many instants")
  func roundTrip() throws {
    var micros: Int64 = 1_700_000_000_000_000
    for step in 0..<2000 {
      micros += Int64(step) * 7_919_113 + 1
      let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
      let text = KubeTime.formatMicro(date)
      let parsed = try #require(KubeTime.parse(text))
      #expect(KubeTime.formatMicro(parsed) == text)
      #expect(abs(parsed.timeIntervalSince1970 * 1_000_000 - Double(micros)) < 1)
    }
  }

  @Test("formatting is safe from many tasks at once")
  func concurrent() async {
    let results = await withTaskGroup(of: Bool.self) { group in
      for index in 0..<64 {
        group.addTask {
          let date = Date(timeIntervalSince1970: 1_600_000_000 + Double(index) * 86_400.25)
          let text = KubeTime.formatMicro(date)
          return KubeTime.parse(text).map(KubeTime.formatMicro) == text
        }
      }
      var all: [Bool] = []
      for await result in group { all.append(result) }
      return all
    }
    #expect(results.count == 64 && results.allSatisfy { $0 })
  }

  @Test("Lease fields read as a real API server returns them and write as MicroTime")
  func lease() throws {
    let json: JSONValue = [
      "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
      "metadata": ["name": "istio-leader", "namespace": "istio-system", "resourceVersion": "42"],
      "spec": [
        "holderIdentity": "controlplane-0", "leaseDurationSeconds": 15,
        "acquireTime": "2024-05-01T10:00:00.000000Z", "renewTime": "2024-05-01T10:00:10.250000Z",
        "leaseTransitions": 4, "strategy": "OldestEmulationVersion",
      ],
    ]
    var lease = Lease(try KubeObject(json: json))
    #expect(lease.holderIdentity == "controlplane-0")
    #expect(lease.leaseDurationSeconds == 15)
    #expect(lease.leaseTransitions == 4)
    let renew = try #require(lease.renewTime)
    #expect(KubeTime.formatMicro(renew) == "2024-05-01T10:00:10.250000Z")
    #expect(lease.expiry == renew.addingTimeInterval(15))
    #expect(!lease.isFree(at: renew.addingTimeInterval(14)))
    #expect(lease.isFree(at: renew.addingTimeInterval(15)))

    let now = Date(timeIntervalSince1970: 1_714_557_700.5)
    lease.holderIdentity = "controlplane-1"
    lease.acquireTime = now
    lease.renewTime = now
    lease.leaseTransitions = 5
    #expect(lease.object.json.value(at: ["spec", "renewTime"]) == "2024-05-01T10:01:40.500000Z")
    #expect(lease.object.json.value(at: ["spec", "acquireTime"]) == "2024-05-01T10:01:40.500000Z")
    #expect(lease.object.json.value(at: ["spec", "leaseTransitions"]) == 5)
    #expect(lease.object.json.value(at: ["spec", "strategy"]) == "OldestEmulationVersion")
    #expect(lease.object.resourceVersion == "42")

    lease.holderIdentity = nil
    #expect(lease.isFree(at: now))
    let empty = Lease(namespace: "istio-system", name: "new")
    #expect(empty.holderIdentity == nil && empty.renewTime == nil && empty.expiry == nil)
    #expect(empty.isFree(at: now))
  }
}
