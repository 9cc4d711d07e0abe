import Foundation
import MeshTestSupport
import Shared
import Testing

@testable import WaypointAgent

/// Deterministic random numbers (SplitMix64) so weighted picks and fault percentages are
/// reproducible.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A source that always yields the same value: 0 picks the first weight bucket and makes every
/// percentage above 0 hit; `.max` picks the last bucket and hits only 100 %.
struct FixedRandom: RandomNumberGenerator {
  let value: UInt64
  mutating func next() -> UInt64 { value }
}

enum L7Test {
  static let sleep = try! SpiffeIdentity(principal: "cluster.local/ns/ambient-apps/sa/sleep-ambient")
  static let other = try! SpiffeIdentity(principal: "cluster.local/ns/other/sa/client")

  static func request(
    _ method: String = "GET", _ target: String = "/", authority: String = "httpbin:8000",
    headers: [(String, String)] = [], identity: SpiffeIdentity? = sleep, sourceIP: String? = "10.244.1.7",
    port: Int = 8000
  ) -> L7Request {
    L7Request(
      method: method, target: target, authority: authority, headers: L7Headers(headers),
      sourceIP: sourceIP.map { try! IPAddress($0) }, sourceIdentity: identity,
      destinationIP: try! IPAddress("10.96.0.10"), destinationPort: port)
  }

  static func service(
    routes: [L7Route] = [], defaultPolicy: L7RoutePolicy? = nil, policies: [L7AuthorizationPolicy] = [],
    jwtProviders: [JWTProvider] = []
  ) -> L7Service {
    L7Service(
      name: "httpbin-ambient", namespace: "ambient-apps", hostname: "httpbin-ambient.ambient-apps.svc.cluster.local",
      ports: [L7ServicePort(port: 8000, name: "http", protocol: .http)],
      waypoint: "ambient-apps/httpbin-ambient-waypoint", routes: routes, defaultPolicy: defaultPolicy,
      policies: policies, jwtProviders: jwtProviders)
  }

  static let httpbinKey = "ambient-apps/httpbin-ambient.ambient-apps.svc.cluster.local"

  static func decide(
    _ request: L7Request, _ service: CompiledService, seed: UInt64 = 1, now: Date = fixedNow
  )
    -> RequestDecision
  {
    var random = SeededRandom(seed: seed)
    return RequestPipeline.decide(request, service: service, now: now, random: &random)
  }

  /// The clock tokens are minted against (2023-11-14).
  static let fixedNow = Date(timeIntervalSince1970: 1_700_000_000)

  static var fixturesDirectory: URL {
    Walkthrough.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/jwt")
  }

  static func fixture(_ name: String) throws -> String {
    try String(contentsOf: fixturesDirectory.appendingPathComponent(name), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

extension RequestDecision {
  var status: Int? {
    if case .respond(let response) = self { return response.status }
    return nil
  }

  var plan: ForwardPlan? {
    if case .forward(let plan) = self { return plan }
    return nil
  }

  var response: LocalResponse? {
    if case .respond(let response) = self { return response }
    return nil
  }
}
