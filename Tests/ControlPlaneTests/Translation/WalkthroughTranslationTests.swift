import Foundation
import ControlPlane
import Kube
import MeshTestSupport
import Shared
import Testing

/// The walkthrough (shared/reference/walkthrough.md) end to end as data: what ztunnel is sent at
/// each step, and what users see happen to their connections.
@Suite("Translation: the walkthrough")
struct WalkthroughTranslationTests {
  typealias F = TranslationFixtures

  static func step1(ambientLabels: [String: String] = F.ambient, captured: Bool = true, extra: String = "") -> String {
    let annotations = captured ? F.captured : [:]
    return F.namespace("legacy-apps") + F.namespace("ambient-apps", labels: ambientLabels)
      + F.pod(
        "httpbin-ambient-6d8b4c-x7k2p", namespace: "ambient-apps", ip: "10.244.1.10",
        labels: ["app": "httpbin-ambient", "version": "v1", "pod-template-hash": "6d8b4c"],
        annotations: annotations, serviceAccount: "httpbin-ambient",
        extraMetadata:
          ", ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: httpbin-ambient-6d8b4c, uid: rs1, controller: true}]",
        ports: "[{name: http, containerPort: 80}]")
      + F.pod(
        "sleep-ambient-5f7d9-abcde", namespace: "ambient-apps", ip: "10.244.2.20",
        labels: ["app": "sleep-ambient", "pod-template-hash": "5f7d9"], annotations: annotations,
        serviceAccount: "sleep-ambient",
        extraMetadata:
          ", ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: sleep-ambient-5f7d9, uid: rs2, controller: true}]"
      )
      + F.pod(
        "rogue-client", namespace: "ambient-apps", ip: "10.244.2.30", labels: ["app": "rogue-client"],
        annotations: annotations, serviceAccount: "rogue-sa")
      + F.pod(
        "httpbin-legacy-77c9-zzzzz", namespace: "legacy-apps", ip: "10.244.1.40",
        labels: ["app": "httpbin-legacy", "version": "v1"], serviceAccount: "httpbin-legacy")
        + """
        apiVersion: v1
        kind: Service
        metadata: {name: httpbin-ambient, namespace: ambient-apps, labels: {app: httpbin-ambient, service: httpbin-ambient}}
        spec:
          clusterIP: 10.96.0.50
          clusterIPs: [10.96.0.50]
          ipFamilies: [IPv4]
          ports: [{name: http, port: 8000, targetPort: 80}, {name: named, port: 8080, targetPort: http}]
          selector: {app: httpbin-ambient}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: httpbin-legacy, namespace: legacy-apps}
        spec:
          clusterIP: 10.96.0.60
          ports: [{name: http, port: 8000, targetPort: 80}]
          selector: {app: httpbin-legacy}
        ---

        """ + extra
  }

  static let step2Policy = Walkthrough.requireSleepIdentity + "---\n"

  /// Step 3's Gateway as the waypoint controller leaves it: programmed, with an address.
  static let waypoint =
    Walkthrough.waypointGateway.trimmingCharacters(in: .newlines)
    + "\nstatus:\n  addresses: [{type: IPAddress, value: 10.96.0.99}]\n---\n"

  static let step4Policy = Walkthrough.allowIPPathWithJWT + "---\n"

  @Test("step 1: both namespaces' pods are sent; only the enrolled, captured ones use HBONE")
  func step1() throws {
    let mesh = try F.translate(Self.step1())
    #expect(mesh.workloads.map(\.name).count == 4)
    #expect(mesh.workloads.map(\.uid) == mesh.workloads.map(\.uid).sorted())

    let httpbin = try #require(mesh.workload("ambient-apps", "httpbin-ambient-6d8b4c-x7k2p"))
    #expect(httpbin.uid == "Kubernetes//Pod/ambient-apps/httpbin-ambient-6d8b4c-x7k2p")
    #expect(httpbin.addresses == [try IPAddress("10.244.1.10")])
    #expect(httpbin.tunnelProtocol == .hbone)
    #expect(httpbin.trustDomain == "cluster.local")
    #expect(httpbin.serviceAccount == "httpbin-ambient")
    #expect(httpbin.node == "node-1")
    #expect(httpbin.canonicalName == "httpbin-ambient")
    #expect(httpbin.canonicalRevision == "v1")
    #expect(httpbin.workloadName == "httpbin-ambient")
    #expect(httpbin.workloadType == .deployment)
    #expect(httpbin.status == .healthy)
    #expect(httpbin.clusterID == "Kubernetes")
    #expect(httpbin.networkMode == .standard)
    #expect(httpbin.waypoint == nil)
    #expect(httpbin.authorizationPolicies.isEmpty)
    // The numeric target port as is; the named one resolved against the pod's container port.
    #expect(
      httpbin.services == [
        "ambient-apps/httpbin-ambient.ambient-apps.svc.cluster.local": [
          ServicePort(servicePort: 8000, targetPort: 80), ServicePort(servicePort: 8080, targetPort: 80),
        ]
      ])

    let sleep = try #require(mesh.workload("ambient-apps", "sleep-ambient-5f7d9-abcde"))
    #expect(sleep.tunnelProtocol == .hbone)
    #expect(sleep.canonicalRevision == "latest")
    #expect(sleep.services.isEmpty)

    let legacy = try #require(mesh.workload("legacy-apps", "httpbin-legacy-77c9-zzzzz"))
    #expect(legacy.tunnelProtocol == .none)
    #expect(legacy.workloadType == .pod)
    #expect(legacy.services.keys.sorted() == ["legacy-apps/httpbin-legacy.legacy-apps.svc.cluster.local"])

    let service = try #require(mesh.service("ambient-apps", "httpbin-ambient"))
    #expect(service.hostname == "httpbin-ambient.ambient-apps.svc.cluster.local")
    #expect(service.addresses == [NetworkAddress(network: "", address: try IPAddress("10.96.0.50"))])
    #expect(
      service.ports == [
        ServicePort(servicePort: 8000, targetPort: 80), ServicePort(servicePort: 8080, targetPort: 0),
      ])
    #expect(service.ipFamilies == .ipv4Only)
    #expect(service.subjectAltNames.isEmpty)
    #expect(service.waypoint == nil)
    #expect(mesh.policies.isEmpty)
    #expect(mesh.diagnostics.isEmpty)
  }

  @Test("step 1: labelled but not yet captured pods stay plain TCP; unlabelling takes them out")
  func labellingAndUnlabelling() throws {
    let beforeCapture = try F.translate(Self.step1(captured: false))
    #expect(beforeCapture.workloads.allSatisfy { $0.tunnelProtocol == .none })

    // The node agent's annotation lingers until it removes capture; the label decides.
    let unlabelled = try F.translate(Self.step1(ambientLabels: [:], captured: true))
    #expect(unlabelled.workloads.allSatisfy { $0.tunnelProtocol == .none })
    #expect(unlabelled.workloads.count == 4)
  }

  @Test("step 2: only sleep's identity reaches httpbin; rogue is denied")
  func step2() throws {
    let mesh = try F.translate(Self.step1(extra: Self.step2Policy))
    let policy = try #require(mesh.policy("ambient-apps/require-sleep-identity"))
    #expect(policy.scope == .workloadSelector)
    #expect(policy.action == .allow)
    #expect(
      policy.rules == [
        AuthorizationRule(clauses: [
          AuthorizationClause(matches: [
            AuthorizationMatch(principals: [.exact("cluster.local/ns/ambient-apps/sa/sleep-ambient")])
          ])
        ])
      ])
    let httpbin = try #require(mesh.workload("ambient-apps", "httpbin-ambient-6d8b4c-x7k2p"))
    #expect(httpbin.authorizationPolicies == ["ambient-apps/require-sleep-identity"])
    let sleep = try #require(mesh.workload("ambient-apps", "sleep-ambient-5f7d9-abcde"))
    #expect(sleep.authorizationPolicies.isEmpty)

    #expect(try F.verdict(mesh, from: F.identity("ambient-apps", "sleep-ambient"), to: httpbin) == .allow)
    #expect(try F.verdict(mesh, from: F.identity("ambient-apps", "rogue-sa"), to: httpbin) == .notAllowed)
    #expect(try F.verdict(mesh, from: nil, to: httpbin) == .notAllowed)
    // The policy selects httpbin only: sleep still accepts anyone.
    #expect(try F.verdict(mesh, from: F.identity("ambient-apps", "rogue-sa"), to: sleep) == .allow)
    let diagnostic = try #require(
      mesh.diagnostic(kind: "AuthorizationPolicy", namespace: "ambient-apps", name: "require-sleep-identity"))
    #expect(diagnostic.accepted && diagnostic.reason == "Accepted")
  }

  @Test("step 3: the namespace's waypoint (for services) is set on the Service, not on workloads")
  func step3() throws {
    let mesh = try F.translate(
      Self.step1(
        ambientLabels: F.ambient.merging([MeshLabels.useWaypoint: "httpbin-ambient-waypoint"]) { a, _ in a },
        extra: Self.waypoint))
    let expected = GatewayAddress(
      destination: .address(NetworkAddress(network: "", address: try IPAddress("10.96.0.99"))), hboneMTLSPort: 15008)
    #expect(mesh.service("ambient-apps", "httpbin-ambient")?.waypoint == expected)
    #expect(mesh.workloads.allSatisfy { $0.waypoint == nil })
    // The legacy namespace has no label: its Service has no waypoint.
    #expect(mesh.service("legacy-apps", "httpbin-legacy")?.waypoint == nil)
    #expect(mesh.diagnostics.isEmpty)
  }

  @Test("step 4: the L7 ALLOW rule matches nothing at L4, so ztunnel denies (fail closed) and says why")
  func step4() throws {
    let mesh = try F.translate(Self.step1(extra: Self.step4Policy))
    let policy = try #require(mesh.policy("ambient-apps/allow-ip-path-with-jwt"))
    #expect(policy.action == .allow)
    #expect(policy.rules.isEmpty)
    let httpbin = try #require(mesh.workload("ambient-apps", "httpbin-ambient-6d8b4c-x7k2p"))
    #expect(try F.verdict(mesh, from: F.identity("ambient-apps", "sleep-ambient"), to: httpbin) == .notAllowed)

    let diagnostic = try #require(
      mesh.diagnostic(kind: "AuthorizationPolicy", namespace: "ambient-apps", name: "allow-ip-path-with-jwt"))
    #expect(diagnostic.accepted)
    #expect(diagnostic.reason == "L7AttributesIgnored")
    #expect(diagnostic.message.contains("spec.rules[0].to[0].operation.paths"))
    #expect(diagnostic.message.contains("spec.rules[0].when[0] (request.auth.claims[iss])"))
  }

  @Test("translation is deterministic whatever order the caches list objects in")
  func deterministic() throws {
    var cluster = try F.cluster(Self.step1(extra: Self.step2Policy + Self.waypoint))
    let first = MeshTranslator.translate(cluster, config: MeshConfig())
    cluster.pods.reverse()
    cluster.services.reverse()
    cluster.authorizationPolicies.reverse()
    let second = MeshTranslator.translate(cluster, config: MeshConfig())
    #expect(first == second)
  }
}
