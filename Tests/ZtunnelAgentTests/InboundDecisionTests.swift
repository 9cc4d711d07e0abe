@testable import MeshStore
import Shared
import Testing

@testable import ZtunnelAgent

@Suite struct InboundDecisionTests {
  static let sleep = TestMesh.identity("apps", "sleep")
  static let other = TestMesh.identity("evil", "intruder")
  static let peerIP = TestMesh.ip("10.0.1.1")
  static let localIP = TestMesh.ip("10.0.0.2")

  static func rule(_ match: AuthorizationMatch) -> [AuthorizationRule] {
    [AuthorizationRule(clauses: [AuthorizationClause(matches: [match])])]
  }

  /// What the control plane sends for PeerAuthentication STRICT (see PeerAuthenticationConverter).
  static let strict = AuthorizationPolicy(
    name: "istio_converted_static_strict", namespace: "istio-system", scope: .workloadSelector, action: .deny,
    rules: rule(AuthorizationMatch(notPrincipals: [.presence])))

  static func mesh(policies: [AuthorizationPolicy] = [], listed: [String] = []) -> WorkloadSnapshot {
    TestMesh.snapshot(
      workloads: [
        TestMesh.pod("httpbin", "10.0.0.2", policies: listed),
        TestMesh.pod("neighbour", "10.0.0.3"),
        TestMesh.pod("remote", "10.0.0.4", node: "node-b"),
        TestMesh.pod("legacy", "10.0.0.5", hbone: false),
      ], policies: policies)
  }

  func decide(
    _ authority: String, identity: SpiffeIdentity? = sleep, snapshot: WorkloadSnapshot = mesh(),
    config: InboundConfig = InboundConfig()
  ) -> InboundVerdict {
    InboundDecision.decide(
      authority: authority, peerIdentity: identity, peerIP: Self.peerIP, localIP: Self.localIP, snapshot: snapshot,
      config: config)
  }

  func status(_ verdict: InboundVerdict) -> Int {
    switch verdict {
    case .forward: 200
    case .reject(let rejection): rejection.status
    }
  }

  @Test func allowedConnectionIsForwardedToThePod() {
    guard case .forward(let forward) = decide("10.0.0.2:8080") else {
      Issue.record("expected forward")
      return
    }
    #expect(forward.target == TestMesh.hostPort("10.0.0.2", 8080))
    #expect(forward.identity == TestMesh.identity("apps", "httpbin"))
  }

  @Test(arguments: [
    ("", 400), ("garbage", 400), ("10.0.0.2", 400), ("10.0.0.2:0", 400), ("10.0.0.2:99999", 400),
    ("httpbin:80", 400), ("fd00::2:80", 400), ("10.0.0.2:15008", 400), ("10.0.0.2:15001", 400),
    ("10.9.9.9:80", 400), ("10.0.0.5:80", 400),
  ])
  func malformedOrUnknownDestinationsAre400(authority: String, expected: Int) {
    #expect(status(decide(authority)) == expected)
  }

  @Test func destinationMustBeThePodTheTunnelReached() {
    guard case .reject(let rejection) = decide("10.0.0.3:8080") else {
      Issue.record("in-pod mode must not forward to another pod")
      return
    }
    #expect(rejection.status == 400)
    #expect(rejection.reason.contains("accepted on 10.0.0.2"))
    let shared = InboundConfig(mode: .sharedNodeListener(node: "node-a"))
    #expect(status(decide("10.0.0.3:8080", config: shared)) == 200)
    #expect(status(decide("10.0.0.4:8080", config: shared)) == 400)  // on node-b
  }

  @Test func denyPolicyIs401WithTheDenyFlag() {
    let deny = AuthorizationPolicy(
      name: "no-sleep", namespace: "apps", scope: .namespace, action: .deny,
      rules: Self.rule(AuthorizationMatch(principals: [.exact(Self.sleep.principal)])))
    let snap = Self.mesh(policies: [deny])
    guard case .reject(let rejection) = decide("10.0.0.2:8080", snapshot: snap) else {
      Issue.record("expected denial")
      return
    }
    #expect(rejection.status == 401)
    #expect(rejection.flags == .denied)
    #expect(rejection.reason.contains("apps/no-sleep"))
    #expect(status(decide("10.0.0.2:8080", identity: Self.other, snapshot: snap)) == 200)
  }

  @Test func allowPolicyThatDoesNotMatchIs401() {
    let allowSleep = AuthorizationPolicy(
      name: "only-sleep", namespace: "apps", scope: .workloadSelector, action: .allow,
      rules: Self.rule(AuthorizationMatch(principals: [.exact(Self.sleep.principal)])))
    let snap = Self.mesh(policies: [allowSleep], listed: ["apps/only-sleep"])
    #expect(status(decide("10.0.0.2:8080", snapshot: snap)) == 200)
    #expect(status(decide("10.0.0.2:8080", identity: Self.other, snapshot: snap)) == 401)
    // The neighbour is not selected: the policy does not govern it.
    let shared = InboundConfig(mode: .sharedNodeListener(node: "node-a"))
    #expect(status(decide("10.0.0.3:8080", identity: Self.other, snapshot: snap, config: shared)) == 200)
  }

  @Test func identityComesOnlyFromTheCertificate() {
    let allowSleep = AuthorizationPolicy(
      name: "only-sleep", namespace: "apps", scope: .namespace, action: .allow,
      rules: Self.rule(AuthorizationMatch(principals: [.exact(Self.sleep.principal)])))
    let snap = Self.mesh(policies: [allowSleep])
    // The peer connects from sleep's pod IP (10.0.1.1), but its certificate says otherwise (or
    // nothing): the address must not stand in for the identity.
    #expect(status(decide("10.0.0.2:8080", identity: Self.other, snapshot: snap)) == 401)
    #expect(status(decide("10.0.0.2:8080", identity: nil, snapshot: snap)) == 401)
  }

  @Test func strictRefusesPlaintextWhilePermissiveAllowsIt() {
    let destination = TestMesh.hostPort("10.0.0.2", 8080)
    let strictMesh = Self.mesh(policies: [Self.strict], listed: ["istio-system/istio_converted_static_strict"])
    let refused = InboundDecision.decidePlaintext(destination: destination, peerIP: Self.peerIP, snapshot: strictMesh)
    guard case .reject(let rejection) = refused else {
      Issue.record("STRICT must refuse plaintext")
      return
    }
    #expect(rejection.status == 401)
    #expect(rejection.reason.contains("istio_converted_static_strict"))
    // The same policy lets mTLS through.
    #expect(status(decide("10.0.0.2:8080", snapshot: strictMesh)) == 200)
    // PERMISSIVE: the control plane sends no such policy.
    let permissive = InboundDecision.decidePlaintext(
      destination: destination, peerIP: Self.peerIP, snapshot: Self.mesh())
    #expect(status(permissive) == 200)
  }

  @Test func nothingIsAcceptedBeforeTheFirstPush() {
    #expect(status(decide("10.0.0.2:8080", snapshot: WorkloadSnapshot())) == 503)
    let plaintext = InboundDecision.decidePlaintext(
      destination: TestMesh.hostPort("10.0.0.2", 8080), peerIP: Self.peerIP, snapshot: WorkloadSnapshot())
    #expect(status(plaintext) == 503)
  }

  @Test func bracketedIPv6AuthorityIsAccepted() {
    let snap = TestMesh.snapshot(workloads: [TestMesh.pod("v6", "fd00::2")])
    let verdict = InboundDecision.decide(
      authority: "[fd00::2]:8080", peerIdentity: Self.sleep, peerIP: TestMesh.ip("fd00::9"),
      localIP: TestMesh.ip("fd00::2"), snapshot: snap)
    #expect(status(verdict) == 200)
  }
}
