import ControlPlane
import Kube
import Shared
import Testing

/// Pods to workloads: which are sent, how they are named, which services they back.
@Suite("Translation: workloads")
struct WorkloadTranslationTests {
  typealias F = TranslationFixtures

  @Test("pods without an address, finished or being deleted are not sent")
  func sentPods() throws {
    let noIP = """
      apiVersion: v1
      kind: Pod
      metadata: {name: pending, namespace: apps}
      spec: {containers: [{name: c}]}
      status: {phase: Pending}
      ---

      """
    let yaml =
      noIP + F.pod("done", namespace: "apps", ip: "10.0.0.1", phase: "Succeeded")
      + F.pod("failed", namespace: "apps", ip: "10.0.0.2", phase: "Failed")
      + F.pod(
        "leaving", namespace: "apps", ip: "10.0.0.3", extraMetadata: ", deletionTimestamp: \"2026-01-01T00:00:00Z\"")
      + F.pod("running", namespace: "apps", ip: "10.0.0.4", ready: false)
    let mesh = try F.translate(yaml)
    #expect(mesh.workloads.map(\.name) == ["running"])
    #expect(mesh.workloads.first?.status == .unhealthy)
  }

  struct NamingCase: CustomTestStringConvertible, Sendable {
    var label: String
    var labels: [String: String]
    var owner: String
    var name: String
    var type: WorkloadType
    var canonicalName: String
    var canonicalRevision: String
    var testDescription: String { label }
  }

  static let namingCases: [NamingCase] = [
    NamingCase(
      label: "deployment by template hash", labels: ["app": "web", "pod-template-hash": "5d9f8"],
      owner: "{kind: ReplicaSet, name: web-v2-5d9f8, uid: u, controller: true}", name: "web-v2", type: .deployment,
      canonicalName: "web", canonicalRevision: "latest"),
    NamingCase(
      label: "deployment without the hash label", labels: [:],
      owner: "{kind: ReplicaSet, name: api-7c4b9, uid: u, controller: true}", name: "api", type: .deployment,
      canonicalName: "api", canonicalRevision: "latest"),
    NamingCase(
      label: "job", labels: ["version": "v3"], owner: "{kind: Job, name: migrate, uid: u, controller: true}",
      name: "migrate", type: .job, canonicalName: "migrate", canonicalRevision: "v3"),
    NamingCase(
      label: "cronjob-made job", labels: [:], owner: "{kind: Job, name: backup-28512340, uid: u, controller: true}",
      name: "backup", type: .cronJob, canonicalName: "backup", canonicalRevision: "latest"),
    NamingCase(
      label: "statefulset is a pod", labels: [:], owner: "{kind: StatefulSet, name: db, uid: u, controller: true}",
      name: "p", type: .pod, canonicalName: "p", canonicalRevision: "latest"),
    NamingCase(
      label: "canonical labels win",
      labels: [
        "service.istio.io/canonical-name": "cn", "app.kubernetes.io/name": "k8sname", "app": "a",
        "service.istio.io/canonical-revision": "cr", "app.kubernetes.io/version": "kv", "version": "v",
      ], owner: "", name: "p", type: .pod, canonicalName: "cn", canonicalRevision: "cr"),
    NamingCase(
      label: "app.kubernetes.io before app",
      labels: ["app.kubernetes.io/name": "k8sname", "app": "a", "app.kubernetes.io/version": "kv", "version": "v"],
      owner: "", name: "p", type: .pod, canonicalName: "k8sname", canonicalRevision: "kv"),
  ]

  @Test("workload name, type and canonical labels", arguments: namingCases)
  func naming(_ c: NamingCase) throws {
    let owners = c.owner.isEmpty ? "" : ", ownerReferences: [\(c.owner)]"
    let mesh = try F.translate(F.pod("p", namespace: "apps", ip: "10.0.0.9", labels: c.labels, extraMetadata: owners))
    let workload = try #require(mesh.workload("apps", "p"))
    #expect(workload.workloadName == c.name)
    #expect(workload.workloadType == c.type)
    #expect(workload.canonicalName == c.canonicalName)
    #expect(workload.canonicalRevision == c.canonicalRevision)
  }

  @Test("service membership: selector in the same namespace, named ports resolved, unresolvable skipped")
  func selectorMembership() throws {
    let yaml =
      F.pod(
        "web", namespace: "apps", ip: "10.0.0.9", labels: ["app": "web"], ports: "[{name: http, containerPort: 8080}]")
      + F.pod("other-ns", namespace: "other", ip: "10.0.0.10", labels: ["app": "web"])
        + """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: apps}
        spec:
          clusterIP: 10.96.1.1
          ports: [{name: a, port: 80, targetPort: http}, {name: b, port: 81, targetPort: grpc}, {name: c, port: 82}]
          selector: {app: web}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: unrelated, namespace: apps}
        spec: {clusterIP: 10.96.1.2, ports: [{port: 80}], selector: {app: db}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: alias, namespace: apps}
        spec: {type: ExternalName, externalName: example.com, selector: {app: web}, ports: [{port: 80}]}
        ---

        """
    let mesh = try F.translate(yaml)
    let web = try #require(mesh.workload("apps", "web"))
    #expect(
      web.services == [
        "apps/web.apps.svc.cluster.local": [
          ServicePort(servicePort: 80, targetPort: 8080), ServicePort(servicePort: 82, targetPort: 82),
        ]
      ])
    #expect(mesh.workload("other", "other-ns")?.services.isEmpty == true)
  }

  @Test("selector-less services: the pods their EndpointSlices point at, with the slices' ports")
  func endpointSliceMembership() throws {
    let yaml =
      F.pod("backend-0", namespace: "apps", ip: "10.0.0.20")
      + F.pod("backend-1", namespace: "apps", ip: "10.0.0.21")
        + """
        apiVersion: v1
        kind: Service
        metadata: {name: manual, namespace: apps}
        spec:
          clusterIP: 10.96.2.2
          ports: [{name: http, port: 80, targetPort: 9090}, {name: metrics, port: 9100}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: manual-abc, namespace: apps, labels: {kubernetes.io/service-name: manual}}
        addressType: IPv4
        endpoints:
        - addresses: [10.0.0.20]
          targetRef: {kind: Pod, name: backend-0, namespace: apps}
        ports: [{name: http, port: 9191, protocol: TCP}]
        ---

        """
    let mesh = try F.translate(yaml)
    #expect(
      mesh.workload("apps", "backend-0")?.services == [
        "apps/manual.apps.svc.cluster.local": [ServicePort(servicePort: 80, targetPort: 9191)]
      ])
    #expect(mesh.workload("apps", "backend-1")?.services.isEmpty == true)
  }

  @Test("mesh settings reach every workload")
  func config() throws {
    let config = MeshConfig(clusterID: "east", trustDomain: "example.org", network: "net-1")
    let mesh = try F.translate(F.pod("p", namespace: "apps", ip: "fd00::5"), config: config)
    let workload = try #require(mesh.workload("apps", "p"))
    #expect(workload.uid == "east//Pod/apps/p")
    #expect(workload.clusterID == "east")
    #expect(workload.trustDomain == "example.org")
    #expect(workload.network == "net-1")
    #expect(workload.addresses == [try IPAddress("fd00::5")])
  }
}
