import ControlPlane
import Kube
import Shared
import Testing

/// Kubernetes Services → `istio.workload.Service`.
@Suite("Translation: services")
struct ServiceTranslationTests {
  typealias F = TranslationFixtures

  static func service(_ name: String, _ spec: String) -> String {
    """
    apiVersion: v1
    kind: Service
    metadata: {name: \(name), namespace: apps}
    spec: \(spec)
    ---

    """
  }

  @Test("headless, ExternalName, dual-stack and single-stack services")
  func shapes() throws {
    let mesh = try F.translate(
      Self.service("headless", "{clusterIP: None, clusterIPs: [None], ports: [{port: 5432}], selector: {app: db}}")
        + Self.service("alias", "{type: ExternalName, externalName: db.example.com}")
        + Self.service(
          "dual",
          "{clusterIP: 10.96.0.7, clusterIPs: [10.96.0.7, \"fd00::7\"], ipFamilies: [IPv4, IPv6], ports: [{name: web, port: 80, targetPort: web}, {name: tls, port: 443, targetPort: 8443}]}"
        )
        + Self.service("v6", "{clusterIP: \"fd00::8\", ipFamilies: [IPv6], ports: [{port: 53, protocol: UDP}]}"),
      config: MeshConfig(network: "net-a", domainSuffix: "corp.internal"))
    #expect(mesh.services.map(\.name) == ["dual", "headless", "v6"])

    let headless = try #require(mesh.service("apps", "headless"))
    #expect(headless.addresses.isEmpty)
    #expect(headless.ports == [ServicePort(servicePort: 5432, targetPort: 5432)])
    #expect(headless.hostname == "headless.apps.svc.corp.internal")
    #expect(headless.resourceName == "apps/headless.apps.svc.corp.internal")
    #expect(headless.ipFamilies == .automatic)

    let dual = try #require(mesh.service("apps", "dual"))
    #expect(
      dual.addresses == [
        NetworkAddress(network: "net-a", address: try IPAddress("10.96.0.7")),
        NetworkAddress(network: "net-a", address: try IPAddress("fd00::7")),
      ])
    #expect(
      dual.ports == [ServicePort(servicePort: 80, targetPort: 0), ServicePort(servicePort: 443, targetPort: 8443)])
    #expect(dual.ipFamilies == .dual)
    #expect(mesh.service("apps", "v6")?.ipFamilies == .ipv6Only)
  }
}
