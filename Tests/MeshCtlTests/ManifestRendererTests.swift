import Kube
import MeshCtlKit
import Shared
import Testing

@Suite("meshctl install / manifest generate")
struct ManifestRendererTests {
  static func deployment(_ objects: [KubeObject], _ name: String) throws -> KubeObject {
    try #require(objects.first { $0.kind == "Deployment" && $0.name == name })
  }

  static func container(_ object: KubeObject) -> JSONValue? {
    object.spec?.value(at: ["template", "spec", "containers"])?.arrayValue?.first
  }

  @Test("the defaults are the shipped manifests: CRDs first, then the mesh")
  func defaults() throws {
    let objects = try ManifestRenderer.render(InstallOptions())
    #expect(objects.first?.kind == "CustomResourceDefinition")
    #expect(objects.filter { $0.kind == "CustomResourceDefinition" }.count == 7)
    let istiod = try Self.deployment(objects, "istiod")
    #expect(istiod.spec?["replicas"]?.intValue == 2)
    #expect(Self.container(istiod)?["image"]?.stringValue == "ghcr.io/ambient-mesh/controlplane:\(MeshVersion.current)")
    let ztunnel = try #require(objects.first { $0.kind == "DaemonSet" })
    #expect(Self.container(ztunnel)?["image"]?.stringValue == "ghcr.io/ambient-mesh/ztunnel:\(MeshVersion.current)")
  }

  @Test("registry, tag, trust domain and replicas reach every component, the waypoints included")
  func options() throws {
    let options = InstallOptions(
      profile: .minimal, trustDomain: "example.org", registry: "reg.example/mesh", tag: "dev1")
    let objects = try ManifestRenderer.render(options)
    let istiod = try Self.deployment(objects, "istiod")
    #expect(istiod.spec?["replicas"]?.intValue == 1)
    let container = try #require(Self.container(istiod))
    #expect(container["image"]?.stringValue == "reg.example/mesh/controlplane:dev1")
    let args = (container["args"]?.arrayValue ?? []).compactMap(\.stringValue)
    #expect(args.contains("--trust-domain=example.org"))
    #expect(args.contains("--waypoint-image=reg.example/mesh/waypoint:dev1"))
    let ztunnel = try #require(objects.first { $0.kind == "DaemonSet" })
    #expect(Self.container(ztunnel)?["args"]?.arrayValue?.contains(.string("--trust-domain=example.org")) == true)
    #expect(
      try Self.deployment(try ManifestRenderer.render(InstallOptions(replicas: 3)), "istiod").spec?["replicas"]?
        .intValue == 3)
  }

  @Test("the YAML it prints reads back as the same objects")
  func yamlRoundTrip() throws {
    let objects = try ManifestRenderer.render(InstallOptions(trustDomain: "example.org"))
    let parsed = try YAMLDocuments.parse(ManifestRenderer.yaml(objects))
    #expect(parsed == objects.map(\.json))
  }

  @Test(
    "bad options are refused before anything is applied",
    arguments: [
      (InstallOptions(trustDomain: "Bad Domain"), "--trust-domain"), (InstallOptions(registry: "reg/"), "--registry"),
      (InstallOptions(tag: "v1:2"), "--tag"), (InstallOptions(replicas: 0), "--replicas"),
    ])
  func badOptions(options: InstallOptions, flag: String) {
    #expect { try ManifestRenderer.render(options) } throws: { "\($0)".hasPrefix(flag) }
  }

  @Test func waypointGateway() {
    let gateway = WaypointSpec(namespace: "apps", name: "wp", trafficType: .all).gateway
    #expect(gateway.gatewayClassName == "istio-waypoint")
    #expect(gateway.waypointFor == "all")
    #expect(gateway.listeners.first?.port == 15008)
    #expect(gateway.listeners.first?.protocol == "HBONE")
  }
}
