@testable import MeshStore
import Shared
import Testing

@testable import ZtunnelAgent

@Suite struct OutboundDecisionTests {
  static let port80 = [TestMesh.httpbinKey: [ServicePort(servicePort: 80, targetPort: 8080)]]
  let client = TestMesh.pod("sleep", "10.0.1.1", node: "node-b")

  func decide(
    _ snapshot: WorkloadSnapshot, _ host: String, _ port: Int, source: Workload? = nil,
    chooser: EndpointChooser = .first
  ) -> OutboundRoute {
    OutboundDecision.decide(
      source: source ?? client, destination: TestMesh.hostPort(host, port), snapshot: snapshot, chooser: chooser)
  }

  func hbone(_ route: OutboundRoute) -> TunnelTarget? {
    if case .hbone(let target) = route { target } else { nil }
  }

  @Test(arguments: [15001, 15006, 15008])
  func reservedPortsAreRejected(port: Int) {
    let snap = TestMesh.snapshot(workloads: [TestMesh.pod("h", "10.0.0.1", services: Self.port80)])
    guard case .reject(let rejection) = decide(snap, "10.0.0.1", port) else {
      Issue.record("expected rejection")
      return
    }
    #expect(rejection.reason == .reservedPort)
  }

  @Test func serviceVIPGoesToAHealthyEndpointOnItsTargetPort() throws {
    let sick = TestMesh.pod("h0", "10.0.0.1", services: Self.port80, status: .unhealthy)
    let well = TestMesh.pod("h1", "10.0.0.2", services: Self.port80)
    let snap = TestMesh.snapshot(workloads: [sick, well], services: [TestMesh.service()])
    let target = try #require(hbone(decide(snap, "10.96.0.10", 80)))
    #expect(target.peer == TestMesh.hostPort("10.0.0.2", 15008))
    #expect(target.authority == TestMesh.hostPort("10.0.0.2", 8080))
    #expect(target.expectedIdentities == [TestMesh.identity("apps", "h1")])
    #expect(target.destination.service?.name == "httpbin")
    #expect(target.destination.workload?.uid == well.uid)
  }

  @Test func onlyHealthyIsTheDefaultAndAllowAllFallsBack() {
    let sick = TestMesh.pod("h0", "10.0.0.1", services: Self.port80, status: .unhealthy)
    let strict = TestMesh.snapshot(workloads: [sick], services: [TestMesh.service()])
    guard case .reject(let rejection) = decide(strict, "10.96.0.10", 80) else {
      Issue.record("unhealthy endpoint must not be used under ONLY_HEALTHY")
      return
    }
    #expect(rejection.reason == .noHealthyEndpoint)
    #expect(rejection.message.contains("none is healthy"))
    let lenient = TestMesh.snapshot(
      workloads: [sick], services: [TestMesh.service(loadBalancing: LoadBalancing(healthPolicy: .allowAll))])
    #expect(hbone(decide(lenient, "10.96.0.10", 80))?.peer.host == "10.0.0.1")
  }

  @Test func endpointsAreSpreadByTheChooser() {
    let pods = (1...3).map { TestMesh.pod("h\($0)", "10.0.0.\($0)", services: Self.port80) }
    let snap = TestMesh.snapshot(workloads: pods, services: [TestMesh.service()])
    let chooser = EndpointChooser.roundRobin()
    let peers = (0..<6).compactMap { _ in hbone(decide(snap, "10.96.0.10", 80, chooser: chooser))?.peer.host }
    #expect(peers == ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.3"])
  }

  @Test func targetPortMapping() {
    let named = TestMesh.pod(
      "named", "10.0.0.1", services: [TestMesh.httpbinKey: [ServicePort(servicePort: 80, targetPort: 0)]])
    let fromService = TestMesh.pod("plain", "10.0.0.2", services: [TestMesh.httpbinKey: []])
    let service = TestMesh.service(ports: [ServicePort(servicePort: 80, targetPort: 9090)])
    let snap = TestMesh.snapshot(workloads: [named, fromService], services: [service])
    // The unresolved named port (0) makes "named" no endpoint of port 80: never a guessed port.
    for pick in 0..<2 {
      #expect(
        hbone(decide(snap, "10.96.0.10", 80, chooser: EndpointChooser { _ in pick }))?.authority
          == TestMesh.hostPort("10.0.0.2", 9090))
    }
    guard case .reject(let rejection) = decide(snap, "10.96.0.10", 443) else {
      Issue.record("a port no endpoint exposes must not be routed")
      return
    }
    #expect(rejection.message.contains("no endpoint exposes port 443"))
  }

  static let waypointVIP = GatewayAddress(destination: .address(NetworkAddress(address: TestMesh.ip("10.96.0.99"))))

  func meshWithWaypoint(onService: Bool) -> (WorkloadSnapshot, Workload) {
    let waypointKey = "apps/waypoint.apps.svc.cluster.local"
    let waypointPod = TestMesh.pod(
      "waypoint", "10.0.0.50", hbone: false,
      services: [waypointKey: [ServicePort(servicePort: 15008, targetPort: 15008)]])
    let backend = TestMesh.pod(
      "h1", "10.0.0.2", services: Self.port80, waypoint: onService ? nil : Self.waypointVIP)
    let snap = TestMesh.snapshot(
      workloads: [waypointPod, backend],
      services: [
        TestMesh.service(waypoint: onService ? Self.waypointVIP : nil),
        TestMesh.service("waypoint", vip: "10.96.0.99", ports: [ServicePort(servicePort: 15008, targetPort: 15008)]),
      ])
    return (snap, waypointPod)
  }

  @Test func serviceWaypointCarriesTheVIPAsAuthority() throws {
    let (snap, waypoint) = meshWithWaypoint(onService: true)
    guard case .viaWaypoint(let target) = decide(snap, "10.96.0.10", 80) else {
      Issue.record("expected the waypoint")
      return
    }
    #expect(target.peer == TestMesh.hostPort("10.0.0.50", 15008))
    #expect(target.authority == TestMesh.hostPort("10.96.0.10", 80))
    #expect(target.expectedIdentities == [TestMesh.identity("apps", "waypoint")])
    #expect(target.peerWorkload.uid == waypoint.uid)
    // The waypoint itself forwarding to the service goes to the endpoint: no loop.
    let fromWaypoint = try #require(hbone(decide(snap, "10.96.0.10", 80, source: waypoint)))
    #expect(fromWaypoint.peer == TestMesh.hostPort("10.0.0.2", 15008))
  }

  @Test func waypointByHostnameResolvesThroughTheServiceStore() {
    let hostnameWaypoint = GatewayAddress(
      destination: .hostname(NamespacedHostname(namespace: "apps", hostname: "waypoint.apps.svc.cluster.local")))
    var (snap, _) = meshWithWaypoint(onService: false)
    let store = WorkloadStore(initial: snap)
    store.apply(WorkloadStoreUpdate(services: [TestMesh.service(waypoint: hostnameWaypoint)]))
    snap = store.snapshot
    guard case .viaWaypoint(let target) = decide(snap, "10.96.0.10", 80) else {
      Issue.record("expected the waypoint")
      return
    }
    #expect(target.peer.host == "10.0.0.50")
  }

  @Test func workloadWaypointAppliesToDirectPodTraffic() {
    let (snap, waypoint) = meshWithWaypoint(onService: false)
    guard case .viaWaypoint(let target) = decide(snap, "10.0.0.2", 8080) else {
      Issue.record("expected the workload's waypoint")
      return
    }
    #expect(target.authority == TestMesh.hostPort("10.0.0.2", 8080))
    #expect(target.peer.host == "10.0.0.50")
    #expect(hbone(decide(snap, "10.0.0.2", 8080, source: waypoint))?.peer.host == "10.0.0.2")
  }

  @Test func unknownWaypointFailsClosed() {
    let snap = TestMesh.snapshot(
      workloads: [TestMesh.pod("h1", "10.0.0.2", services: Self.port80)],
      services: [TestMesh.service(waypoint: Self.waypointVIP)])
    guard case .reject(let rejection) = decide(snap, "10.96.0.10", 80) else {
      Issue.record("must not bypass a configured waypoint")
      return
    }
    #expect(rejection.reason == .waypointUnavailable)
  }

  @Test func outsideTheMeshPassesThrough() {
    let plain = TestMesh.pod("legacy", "10.0.0.7", hbone: false, services: Self.port80)
    let snap = TestMesh.snapshot(workloads: [plain], services: [TestMesh.service()])
    #expect(
      decide(snap, "1.1.1.1", 443)
        == .passthrough(PassthroughTarget(address: TestMesh.hostPort("1.1.1.1", 443), destination: .init())))
    guard case .passthrough(let viaService) = decide(snap, "10.96.0.10", 80) else {
      Issue.record("a non-mesh endpoint gets plain TCP")
      return
    }
    #expect(viaService.address == TestMesh.hostPort("10.0.0.7", 8080))
    #expect(viaService.destination.workload?.uid == plain.uid)
  }

  @Test func strictLocalityKeepsTrafficOnTheNode() {
    var near = TestMesh.pod("near", "10.0.0.1", node: "node-b", services: Self.port80)
    near.locality = Locality(region: "r", zone: "z")
    let far = TestMesh.pod("far", "10.0.0.2", node: "node-a", services: Self.port80)
    let lb = LoadBalancing(routingPreference: [.node], mode: .strict)
    let snap = TestMesh.snapshot(workloads: [far, near], services: [TestMesh.service(loadBalancing: lb)])
    #expect(hbone(decide(snap, "10.96.0.10", 80))?.peer.host == "10.0.0.1")
    let other = TestMesh.pod("other", "10.0.9.9", node: "node-c")
    guard case .reject = decide(snap, "10.96.0.10", 80, source: other) else {
      Issue.record("strict mode must not leave the node")
      return
    }
  }

  @Test func ipv6AuthorityIsBracketed() throws {
    let pod = TestMesh.pod("v6", "fd00::2")
    let target = try #require(hbone(decide(TestMesh.snapshot(workloads: [pod]), "fd00::2", 8080)))
    #expect(target.authorityHeader == "[fd00::2]:8080")
  }
}
