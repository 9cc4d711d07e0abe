import Kube
import MeshTestSupport
import Testing

/// The manifests users apply in the walkthrough (`walkthrough.md`), unchanged, read through the views.
@Suite("Types: walkthrough manifests")
struct TypesWalkthroughTests {
  static func objects(_ yaml: String) throws -> [KubeObject] {
    var objects: [KubeObject] = []
    for document in try YAMLDocuments.parse(yaml) { objects.append(try KubeObject(json: document)) }
    return objects
  }

  @Test("step 1: service accounts, the Service and both Deployments")
  func workloads() throws {
    let objects = try Self.objects(Walkthrough.apps())
    #expect(objects.map(\.kind) == ["ServiceAccount", "Service", "Deployment", "ServiceAccount", "Deployment"])

    let account = ServiceAccount(objects[0])
    #expect(account.name == "httpbin-ambient")
    #expect(account.namespace == "ambient-apps")

    let service = KubeService(objects[1])
    #expect(service.type == "ClusterIP")
    #expect(service.selector == ["app": "httpbin-ambient"])
    #expect(!service.isHeadless)
    #expect(service.clusterIP == nil)
    #expect(service.labels["service"] == "httpbin-ambient")
    let port = try #require(service.ports.first)
    #expect(port.name == "http")
    #expect(port.port == 8000)
    #expect(port.targetPort == .int(80))
    #expect(port.protocol == "TCP")
    #expect(port.appProtocol == nil)

    let httpbin = Deployment(objects[2])
    #expect(httpbin.replicas == 1)
    #expect(httpbin.selector == ["matchLabels": ["app": "httpbin-ambient", "version": "v1"]])
    #expect(httpbin.labelSelector?.matches(["app": "httpbin-ambient", "version": "v1", "extra": "x"]) == true)
    #expect(httpbin.labelSelector?.matches(["app": "httpbin-ambient"]) == false)
    #expect(httpbin.templateLabels == ["app": "httpbin-ambient", "version": "v1"])
    #expect(httpbin.templateServiceAccountName == "httpbin-ambient")
    let container = try #require(httpbin.templateContainers.first)
    #expect(container.name == "httpbin")
    #expect(container.image == "docker.io/kennethreitz/httpbin")
    #expect(container.ports == [ContainerPort(containerPort: 80)])
    #expect(container.command.isEmpty)

    let sleep = Deployment(objects[4])
    #expect(sleep.templateServiceAccountName == "sleep-ambient")
    #expect(sleep.templateContainers.first?.command == ["/bin/sleep", "3650d"])
    #expect(sleep.templateContainers.first?.ports == [])
    #expect(sleep.readyReplicas == 0)
    #expect(!sleep.isRolledOut)
  }

  @Test("step 1: labelling the namespace enrols it; removing the label takes it out")
  func enrolment() {
    var namespace = Namespace(name: "ambient-apps")
    #expect(namespace.object.json == ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "ambient-apps"]])
    #expect(!namespace.isAmbient)
    namespace.dataplaneMode = "ambient"
    #expect(namespace.isAmbient)
    #expect(namespace.object.json.value(at: ["metadata", "labels", "istio.io/dataplane-mode"]) == "ambient")
    namespace.useWaypoint = "httpbin-ambient-waypoint"
    #expect(namespace.labels["istio.io/use-waypoint"] == "httpbin-ambient-waypoint")
    namespace.dataplaneMode = nil
    #expect(!namespace.isAmbient)
    #expect(namespace.labels == ["istio.io/use-waypoint": "httpbin-ambient-waypoint"])
  }

  @Test("step 2: the L4 AuthorizationPolicy")
  func layer4Policy() throws {
    let yaml = Walkthrough.requireSleepIdentity
    let policy = KubeAuthorizationPolicy(try #require(try Self.objects(yaml).first))
    #expect(policy.selectorMatchLabels == ["app": "httpbin-ambient"])
    #expect(policy.targetRefs.isEmpty)
    #expect(policy.action == .allow)
    #expect(policy.rules.count == 1)
    let principals = policy.rules.first?["from"]?.arrayValue?.first?.value(at: ["source", "principals"])
    #expect(principals == ["cluster.local/ns/ambient-apps/sa/sleep-ambient"])
  }

  @Test("step 3: the waypoint Gateway")
  func waypoint() throws {
    let yaml = Walkthrough.waypointGateway
    let gateway = Gateway(try #require(try Self.objects(yaml).first))
    #expect(gateway.gatewayClassName == "istio-waypoint")
    #expect(gateway.isWaypoint)
    #expect(gateway.waypointFor == "service")
    #expect(gateway.listeners == [GatewayListener(name: "mesh", port: 15008, protocol: "HBONE")])
    #expect(gateway.addresses.isEmpty)
    #expect(gateway.conditions.isEmpty)
    #expect(!gateway.isProgrammed)
  }

  @Test("step 4: RequestAuthentication and the L7 AuthorizationPolicy")
  func jwtPolicy() throws {
    let yaml = Walkthrough.requireJWTForBilling + "---\n" + Walkthrough.allowIPPathWithJWT
    let objects = try Self.objects(yaml)
    try #require(objects.count == 2)
    let authentication = RequestAuthentication(objects[0])
    #expect(authentication.selectorMatchLabels == ["app": "httpbin-ambient"])
    let rule = try #require(authentication.jwtRules.first)
    #expect(rule.issuer == "testing@secure.istio.io")
    #expect(
      rule.jwksUri == "https://raw.githubusercontent.com/istio/istio/release-1.18/security/tools/jwt/samples/jwks.json")
    #expect(rule.jwks == nil)
    #expect(rule.audiences.isEmpty)
    #expect(rule.fromHeaders.isEmpty)
    #expect(!rule.forwardOriginalToken)

    let policy = KubeAuthorizationPolicy(objects[1])
    #expect(policy.action == .allow)
    let when = policy.rules.first?["when"]?.arrayValue?.first
    #expect(when?["key"] == "request.auth.claims[iss]")
    #expect(policy.rules.first?.value(at: ["to"])?.arrayValue?.first?.value(at: ["operation", "paths"]) == ["/ip"])
  }
}
