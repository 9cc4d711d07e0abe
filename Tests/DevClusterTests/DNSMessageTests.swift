import DevCluster
import Foundation
import Kube
import MeshTestSupport
import Shared
import Testing

@Suite("Cluster DNS messages and answers")
struct DNSMessageTests {
  /// A query for `httpbin.apps.svc.cluster.local` A, as `dig` sends it (RD set, EDNS OPT).
  static let digQuery: [UInt8] =
    [0x12, 0x34, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 1]
    + [7] + Array("httpbin".utf8) + [4] + Array("apps".utf8) + [3] + Array("svc".utf8) + [7] + Array("cluster".utf8)
    + [5] + Array("local".utf8) + [0, 0, 1, 0, 1]
    + [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]

  @Test func parsesAQueryWithAnOPTRecord() throws {
    let message = try DNSMessage(parsing: Self.digQuery)
    #expect(message.id == 0x1234)
    #expect(message.recursionDesired)
    #expect(!message.isResponse)
    #expect(message.questions == [DNSQuestion(name: "httpbin.apps.svc.cluster.local", type: .a)])
    #expect(message.additionals.first?.type == .opt)
    #expect(message.additionals.first?.recordClass == 1232)
  }

  @Test func followsCompressionPointers() throws {
    // Answer name is a pointer to the question's name at offset 12; a second record points into
    // the middle of it ("svc.cluster.local" via "apps" label offset).
    var bytes: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0]
    bytes += [4] + Array("apps".utf8) + [3] + Array("svc".utf8) + [0, 0, 1, 0, 1]
    bytes += [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 10, 96, 0, 1]
    bytes += [1, 0x78, 0xC0, 17, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 10, 96, 0, 2]
    let message = try DNSMessage(parsing: bytes)
    #expect(message.answers.map(\.name) == ["apps.svc", "x.svc"])
    #expect(message.answers.map(\.data) == [[10, 96, 0, 1], [10, 96, 0, 2]])
  }

  @Test(arguments: [
    ("self pointer", [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1] as [UInt8]),
    ("forward pointer", [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 20, 0, 1, 0, 1]),
    ("truncated header", [0, 1, 0]),
    ("label past end", [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, 0x61]),
    ("missing question type", [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]),
  ])
  func rejectsMalformedMessages(name: String, bytes: [UInt8]) {
    #expect(throws: DNSMessageError.self) { try DNSMessage(parsing: bytes) }
  }

  @Test func encodingRoundTrips() throws {
    let message = DNSMessage(
      id: 7, isResponse: true, isAuthoritative: true, responseCode: .nameError,
      questions: [DNSQuestion(name: "a.b", type: .aaaa)],
      answers: [DNSRecord(name: "a.b", type: .a, ttl: 300, data: [1, 2, 3, 4])])
    #expect(try DNSMessage(parsing: try message.encoded()) == message)
  }

  static let zone = ClusterDNSZone(
    domain: "cluster.local",
    entries: [
      "httpbin.apps.svc.cluster.local": .init(addresses: [try! IPAddress("10.96.0.20"), try! IPAddress("fd00::20")]),
      "db.apps.svc.cluster.local": .init(addresses: []),
      "ext.apps.svc.cluster.local": .init(canonicalName: "example.com"),
    ])

  static func ask(_ name: String, _ type: DNSRecordType) -> DNSMessage {
    ClusterDNSResponder.respond(
      to: DNSMessage(id: 9, questions: [DNSQuestion(name: name, type: type)]), zone: zone)
  }

  @Test func answersServiceAddressesByFamily() {
    let a = Self.ask("HTTPBIN.apps.svc.cluster.local", .a)
    #expect(a.responseCode == .noError)
    #expect(a.isAuthoritative)
    #expect(a.answers.map(\.data) == [[10, 96, 0, 20]])
    #expect(a.answers.first?.name == "HTTPBIN.apps.svc.cluster.local")
    let aaaa = Self.ask("httpbin.apps.svc.cluster.local", .aaaa)
    #expect(aaaa.answers.map(\.type) == [.aaaa])
    #expect(aaaa.answers.first?.data.count == 16)
    #expect(Self.ask("ext.apps.svc.cluster.local", .a).answers.map(\.type) == [.cname])
  }

  @Test(arguments: [
    ("nope.apps.svc.cluster.local", DNSResponseCode.nameError, 0),
    ("httpbin.apps.apps.svc.cluster.local", .nameError, 0),
    ("db.apps.svc.cluster.local", .noError, 0),
    ("apps.svc.cluster.local", .noError, 0),
    ("example.com", .refused, 0),
  ])
  func negativeAnswers(name: String, code: DNSResponseCode, answers: Int) {
    let response = Self.ask(name, .a)
    #expect(response.responseCode == code)
    #expect(response.answers.count == answers)
    #expect(response.authorities.map(\.type) == (code == .refused ? [] : [.soa]))
  }

  @Test func zoneIsBuiltFromServices() {
    var service = KubeService(namespace: "apps", name: "web")
    service.clusterIP = "10.96.3.4"
    var headless = KubeService(namespace: "apps", name: "raw")
    headless.clusterIP = "None"
    let zone = ClusterDNSZone(services: [service, headless])
    #expect(zone.entries["web.apps.svc.cluster.local"] == .init(addresses: [try! IPAddress("10.96.3.4")]))
    #expect(zone.entries["raw.apps.svc.cluster.local"] == .init(addresses: []))
  }
}

@Suite("Cluster DNS server with dig")
struct ClusterDNSServerTests {
  @Test func digResolvesServicesOverUDPAndTCP() async throws {
    var service = KubeService(namespace: "ambient-apps", name: "httpbin-ambient")
    service.clusterIP = "10.96.0.42"
    let server = ClusterDNSServer(zone: ClusterDNSZone(services: [service]))
    let port = try await server.start(host: "127.0.0.1", port: 0)
    defer { Task { await server.shutdown() } }
    let name = "httpbin-ambient.ambient-apps.svc.cluster.local"
    let udp = try await Tool.ok(["dig", "@127.0.0.1", "-p", String(port), "+short", "+tries=1", "+time=5", name, "A"])
    #expect(udp.trimmingCharacters(in: .whitespacesAndNewlines) == "10.96.0.42")
    let tcp = try await Tool.ok(["dig", "@127.0.0.1", "-p", String(port), "+tcp", "+short", "+time=5", name])
    #expect(tcp.trimmingCharacters(in: .whitespacesAndNewlines) == "10.96.0.42")
    let missing = try await Tool.ok(["dig", "@127.0.0.1", "-p", String(port), "+time=5", "other.ambient-apps.svc.cluster.local"])
    #expect(missing.contains("status: NXDOMAIN"))
    let outside = try await Tool.ok(["dig", "@127.0.0.1", "-p", String(port), "+time=5", "example.com"])
    #expect(outside.contains("status: REFUSED"))
    // The zone follows updates.
    service.clusterIP = "10.96.0.43"
    server.update(ClusterDNSZone(services: [service]))
    let updated = try await Tool.ok(["dig", "@127.0.0.1", "-p", String(port), "+short", "+time=5", name])
    #expect(updated.trimmingCharacters(in: .whitespacesAndNewlines) == "10.96.0.43")
  }
}
