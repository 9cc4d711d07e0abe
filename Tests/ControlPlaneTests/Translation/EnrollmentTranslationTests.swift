import ControlPlane
import Kube
import Shared
import Testing

/// Who is in the mesh: `istio.io/dataplane-mode` on the Pod wins over its Namespace's, and some
/// pods are never captured whatever they say.
@Suite("Translation: enrollment")
struct EnrollmentTranslationTests {
  typealias F = TranslationFixtures

  struct Case: CustomTestStringConvertible, Sendable {
    var label: String
    var namespaceLabels: [String: String]
    var podLabels: [String: String]
    var namespace = "apps"
    var hostNetwork = false
    var tunnel: TunnelProtocol
    var testDescription: String { label }
  }

  static let cases: [Case] = [
    Case(label: "namespace ambient", namespaceLabels: F.ambient, podLabels: [:], tunnel: .hbone),
    Case(label: "no labels", namespaceLabels: [:], podLabels: [:], tunnel: .none),
    Case(label: "pod ambient in a plain namespace", namespaceLabels: [:], podLabels: F.ambient, tunnel: .hbone),
    Case(
      label: "pod none opts out of an ambient namespace", namespaceLabels: F.ambient,
      podLabels: [MeshLabels.dataplaneMode: "none"], tunnel: .none),
    Case(
      label: "pod typo enrolls nothing", namespaceLabels: F.ambient,
      podLabels: [MeshLabels.dataplaneMode: "ambiant"], tunnel: .none),
    Case(
      label: "namespace typo enrolls nothing", namespaceLabels: [MeshLabels.dataplaneMode: "ambiant"],
      podLabels: [:], tunnel: .none),
    Case(
      label: "waypoint pods (managed)", namespaceLabels: F.ambient,
      podLabels: [MeshLabels.gatewayManaged: MeshLabels.gatewayManagedValue], tunnel: .none),
    Case(
      label: "waypoint pods (gateway-name), even labelled ambient", namespaceLabels: F.ambient,
      podLabels: [MeshLabels.gatewayName: "wp", MeshLabels.dataplaneMode: "ambient"], tunnel: .none),
    Case(
      label: "the mesh's own pods", namespaceLabels: F.ambient, podLabels: ["app": "ztunnel"],
      namespace: "istio-system", tunnel: .none),
    Case(
      label: "an app called ztunnel elsewhere is a normal pod", namespaceLabels: F.ambient,
      podLabels: ["app": "ztunnel"], tunnel: .hbone),
    Case(label: "host network", namespaceLabels: F.ambient, podLabels: [:], hostNetwork: true, tunnel: .none),
  ]

  @Test("pod and namespace labels", arguments: cases)
  func enrollment(_ c: Case) throws {
    let yaml =
      F.namespace(c.namespace, labels: c.namespaceLabels)
      + F.pod(
        "p", namespace: c.namespace, ip: "10.0.0.5", labels: c.podLabels, annotations: F.captured,
        extraSpec: c.hostNetwork ? "hostNetwork: true" : "")
    let mesh = try F.translate(yaml)
    let workload = try #require(mesh.workload(c.namespace, "p"))
    #expect(workload.tunnelProtocol == c.tunnel)
    #expect(workload.networkMode == (c.hostNetwork ? .hostNetwork : .standard))
  }

  @Test("a misspelt mode is reported on the object that carries it")
  func typoDiagnostics() throws {
    let yaml =
      F.namespace("typo-ns", labels: [MeshLabels.dataplaneMode: "Ambient"])
      + F.namespace("apps", labels: F.ambient)
      + F.pod("p", namespace: "apps", ip: "10.0.0.5", labels: [MeshLabels.dataplaneMode: "ambiant"])
    let mesh = try F.translate(yaml)
    let namespace = try #require(mesh.diagnostic(kind: "Namespace", namespace: "", name: "typo-ns"))
    #expect(!namespace.accepted)
    #expect(namespace.reason == "InvalidValue")
    #expect(namespace.message.contains("metadata.labels[istio.io/dataplane-mode]: \"Ambient\""))
    #expect(namespace.message.contains("\"ambient\", \"none\""))
    let pod = try #require(mesh.diagnostic(kind: "Pod", namespace: "apps", name: "p"))
    #expect(pod.message.contains("\"ambiant\""))
    #expect(mesh.diagnostic(kind: "Namespace", namespace: "", name: "apps") == nil)
  }
}
