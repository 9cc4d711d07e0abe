import Foundation
import Shared
import SwiftProtobuf
import Testing

struct WireCodecTests {
  static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

  static let httpbin = Workload(
    uid: "Kubernetes//Pod/ambient-apps/httpbin-1", name: "httpbin-1", namespace: "ambient-apps",
    addresses: [try! IPAddress("10.0.2.7"), try! IPAddress("fd00::7")], hostname: "", network: "net1",
    tunnelProtocol: .hbone, trustDomain: "cluster.local", serviceAccount: "httpbin-ambient",
    waypoint: GatewayAddress(
      destination: .hostname(.init(namespace: "ambient-apps", hostname: "wp.ambient-apps.svc.cluster.local"))),
    node: "node-b", canonicalName: "httpbin-ambient", canonicalRevision: "v1", workloadType: .pod,
    workloadName: "httpbin",
    applicationTunnel: ApplicationTunnel(kind: .proxy, port: 15088),
    services: [
      "ambient-apps/httpbin-ambient.ambient-apps.svc.cluster.local": [ServicePort(servicePort: 8000, targetPort: 80)]
    ],
    authorizationPolicies: ["ambient-apps/require-sleep-identity"], status: .unhealthy, clusterID: "Kubernetes",
    locality: Locality(region: "r", zone: "z", subzone: "s"), networkMode: .standard)

  static let service = Service(
    name: "httpbin-ambient", namespace: "ambient-apps", hostname: "httpbin-ambient.ambient-apps.svc.cluster.local",
    addresses: [NetworkAddress(network: "", address: try! IPAddress("10.96.0.10"))],
    ports: [ServicePort(servicePort: 8000, targetPort: 80)],
    subjectAltNames: ["spiffe://cluster.local/ns/ambient-apps/sa/httpbin-ambient"],
    waypoint: GatewayAddress(
      destination: .address(NetworkAddress(address: try! IPAddress("10.96.0.20"))), hboneMTLSPort: 15008),
    loadBalancing: LoadBalancing(routingPreference: [.node, .zone], mode: .failover, healthPolicy: .allowAll),
    ipFamilies: .ipv4Only)

  static let policy = AuthorizationPolicy(
    name: "require-sleep-identity", namespace: "ambient-apps", scope: .workloadSelector, action: .allow,
    rules: [
      AuthorizationRule(clauses: [
        AuthorizationClause(matches: [
          AuthorizationMatch(
            namespaces: [.exact("ambient-apps")], notNamespaces: [.prefix("kube-")],
            principals: [.suffix("/sa/sleep-ambient")], notPrincipals: [.presence],
            sourceIPs: [try! CIDR("10.0.0.0/8")], notSourceIPs: [try! CIDR("fd00::/64")],
            destinationIPs: [try! CIDR("10.0.2.7")], notDestinationIPs: [try! CIDR("10.0.3.0/24")],
            destinationPorts: [80], notDestinationPorts: [15008],
            serviceAccounts: [.init(namespace: "a", serviceAccount: "b")],
            notServiceAccounts: [.init(namespace: "c", serviceAccount: "d")])
        ])
      ])
    ], dryRun: true)

  @Test func workloadRoundTripsThroughBytes() throws {
    let bytes = try MeshAddress.workload(Self.httpbin).wire.serializedData()
    let decoded = try MeshAddress(wire: try Istio_Workload_Address(serializedBytes: bytes), resourceName: "x")
    #expect(decoded == .workload(Self.httpbin))
    #expect(Self.httpbin.aliases == ["net1/10.0.2.7", "net1/fd00::7"])
  }

  @Test func serviceRoundTripsThroughBytes() throws {
    let bytes = try MeshAddress.service(Self.service).wire.serializedData()
    let decoded = try MeshAddress(wire: try Istio_Workload_Address(serializedBytes: bytes), resourceName: "x")
    #expect(decoded == .service(Self.service))
    #expect(decoded.resourceName == "ambient-apps/httpbin-ambient.ambient-apps.svc.cluster.local")
  }

  @Test func policyRoundTripsThroughBytes() throws {
    let bytes = try Self.policy.wire.serializedData()
    #expect(try AuthorizationPolicy(wire: try Istio_Security_Authorization(serializedBytes: bytes)) == Self.policy)
  }

  /// Bytes written out by hand from Istio's field numbers (wire-facts §2, §3), independent of our .proto.
  @Test func fieldNumbersMatchIstio() throws {
    let w = Workload(
      uid: "u", name: "n", namespace: "", addresses: [try IPAddress("10.0.0.1")], tunnelProtocol: .hbone,
      serviceAccount: "sa")
    #expect(Self.hex(try w.wire.serializedData()) == "0a016e" + "1a040a000001" + "2801" + "3a027361" + "a2010175")
    let p = AuthorizationPolicy(
      name: "a", namespace: "n", scope: .namespace, action: .deny,
      rules: [.init(clauses: [.init(matches: [AuthorizationMatch(destinationPorts: [80])])])])
    #expect(Self.hex(try p.wire.serializedData()) == "0a0161" + "12016e" + "1801" + "2001" + "2a070a0512034a0150")
    let port = ServicePort(servicePort: 8000, targetPort: 80).wire
    #expect(Self.hex(try port.serializedData()) == "08c03e" + "1050")
  }

  @Test func unknownFieldsAreIgnored() throws {
    var bytes = try Self.httpbin.wire.serializedData()
    bytes.append(contentsOf: [0x98, 0x06, 0x01])  // field 99, varint 1: a field from a future Istio
    #expect(try Workload(wire: try Istio_Workload_Workload(serializedBytes: bytes)) == Self.httpbin)
  }

  @Test func badAddressBytesAreRejectedWithTheField() {
    var wire = Self.httpbin.wire
    wire.addresses.append(Data([1, 2, 3]))
    #expect {
      try Workload(wire: wire)
    } throws: { "\($0)".contains("addresses[2]") && "\($0)".contains(Self.httpbin.uid) }
  }

  @Test func unknownPolicyActionIsRejectedNotGuessed() {
    var wire = Self.policy.wire
    wire.action = .UNRECOGNIZED(7)
    #expect { try AuthorizationPolicy(wire: wire) } throws: { "\($0)".contains("action") }
  }

  @Test func emptyStringMatchIsRejected() {
    var wire = Self.policy.wire
    wire.rules[0].clauses[0].matches[0].principals.append(Istio_Security_StringMatch())
    #expect { try AuthorizationPolicy(wire: wire) } throws: {
      "\($0)".contains("rules[0].clauses[0].matches[0].principals[1]")
    }
  }

  @Test func prefixLongerThanAddressIsRejected() {
    var wire = Self.policy.wire
    wire.rules[0].clauses[0].matches[0].sourceIps[0].length = 40
    #expect { try AuthorizationPolicy(wire: wire) } throws: { "\($0)".contains("source_ips[0].length") }
  }

  @Test func outOfRangePortIsRejected() {
    var wire = Self.service.wire
    wire.ports[0].targetPort = 70000
    #expect { try Service(wire: wire) } throws: { "\($0)".contains("ports[0].target_port") }
  }
}
