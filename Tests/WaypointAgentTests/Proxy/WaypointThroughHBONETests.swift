import Foundation
import Logging
import MeshTestSupport
import ServiceLifecycle
import Shared
import Testing
import WaypointAgent
import ZtunnelAgent

/// The waypoint between two real ztunnels on loopback, with a real CA and Delta ADS server:
/// sleep (node-a) → ztunnel-a → HBONE → waypoint → HBONE → ztunnel-b → Python backends
/// (node-b). What a user of a waypoint notices: weighted splits, retries, fault delays, and the
/// waypoint's request metrics.
@Suite(.serialized) struct WaypointThroughHBONETests {
  static func service(routes: [L7Route], defaultPolicy: L7RoutePolicy? = nil) -> L7Service {
    L7Service(
      name: "httpbin", namespace: "apps", hostname: "httpbin.apps.svc.cluster.local",
      ports: [L7ServicePort(port: 80, name: "http", protocol: .http)], waypoint: WaypointMesh.gateway,
      routes: routes, defaultPolicy: defaultPolicy)
  }

  static let routes = [
    L7Route(
      route: "apps/split", ruleIndex: 0, matches: [L7RouteMatch(path: L7PathMatch(kind: .prefix, value: "/split"))],
      backends: [
        .service(key: WaypointMesh.key("httpbin-v1"), port: 80, weight: 80),
        .service(key: WaypointMesh.key("httpbin-v2"), port: 80, weight: 20),
      ]),
    L7Route(
      route: "apps/rest", ruleIndex: 0, backends: [.service(key: WaypointMesh.key("httpbin-v1"), port: 80, weight: 1)]),
  ]

  @Test func splitsRetriesAndDelaysThroughTwoZtunnels() async throws {
    let (mesh, serving) = try await WaypointMesh.start()
    defer { mesh.stop(serving) }
    let v1 = try PythonBackend(name: "v1", host: WaypointMesh.v1IP)
    let v2 = try PythonBackend(name: "v2", host: WaypointMesh.v2IP)
    defer {
      v1.stop()
      v2.stop()
    }
    try mesh.publishMesh(v1Port: v1.port, v2Port: v2.port)
    try mesh.publish(Self.service(routes: Self.routes))

    let a = try mesh.ztunnel(node: "node-a", token: "ztunnel-a", socks: true)
    let b = try mesh.ztunnel(node: "node-b", token: "ztunnel-b", socks: false)
    let waypoint = try mesh.waypoint()
    let group = ServiceGroup(
      configuration: .init(
        services: [.init(service: a), .init(service: b), .init(service: waypoint)], logger: Logger(label: "test")))
    let running = Task { try await group.run() }
    defer { running.cancel() }

    let ready = await eventually(timeout: .seconds(30)) {
      let bReady = await b.adminReady()
      return bReady && waypoint.isReady && waypoint.services.pushCount > 0 && a.socks5BoundAddress != nil
        && a.store.snapshot.workloadCount == 4
    }
    try #require(ready, "agents not ready")
    let socks = try #require(a.socks5BoundAddress?.port)
    func get(_ path: String, count: Int = 1) async throws -> [PythonPeers.Answer] {
      try await PythonPeers.get(
        socks: socks, source: WaypointMesh.sleepIP, host: WaypointMesh.vip, port: 80, path: path, count: count)
    }

    // 80/20 over 1,000 requests: v1's share within ±6 points (about 4.7 standard deviations).
    let split = try await get("/split", count: 1000)
    #expect(split.count == 1000)
    #expect(split.allSatisfy { $0.status == 200 }, "statuses: \(Set(split.map(\.status)))")
    let toV1 = split.filter { $0.backend == "v1" }.count
    let toV2 = split.filter { $0.backend == "v2" }.count
    #expect(toV1 + toV2 == 1000)
    #expect((740...860).contains(toV1), "v1 got \(toV1) of 1000")

    // The backend fails the first /flaky with 503: Istio's default retry policy tries again.
    let flaky = try await get("/flaky")
    #expect(flaky.first?.status == 200, "answer: \(String(describing: flaky.first))")
    #expect(flaky.first?.hits == 2)

    // The request the backend saw came through the waypoint (Envoy-style attempt header).
    let seen = try await get("/get")
    #expect(seen.first?.body.contains("x-envoy-attempt-count") == true)

    // The waypoint counted the requests with the caller's identity.
    let metrics = waypoint.metrics.render()
    #expect(metrics.contains("source_principal=\"spiffe://cluster.local/ns/apps/sa/sleep\""))
    #expect(metrics.contains("response_code=\"200\""))
    #expect(waypoint.metrics.requests(responseCode: 200) >= 1002)

    // Malformed HTTP inside the tunnel gets 400 from the waypoint and reaches no backend; random
    // bytes (seeded) never crash it: a good request is served afterwards.
    let garbage = try await PythonPeers.raw(
      socks: socks, source: WaypointMesh.sleepIP, host: WaypointMesh.vip, port: 80,
      bytes: Array("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".utf8))
    #expect(garbage.hasPrefix("HTTP/1.1 400"), "answer: \(garbage)")
    var generator = SeededRandom(seed: 7)
    for _ in 0..<20 {
      let bytes = (0..<Int.random(in: 1...512, using: &generator)).map { _ in
        UInt8.random(in: 0...255, using: &generator)
      }
      _ = try await PythonPeers.raw(
        socks: socks, source: WaypointMesh.sleepIP, host: WaypointMesh.vip, port: 80, bytes: bytes)
    }
    let afterFuzz = try await get("/get")
    #expect(afterFuzz.first?.status == 200)

    // A fault delay of 400 ms on every request is observed by the client.
    try mesh.publish(
      Self.service(
        routes: Self.routes,
        defaultPolicy: L7RoutePolicy(fault: L7Fault(delay: .init(fixedDelay: .milliseconds(400), percentage: 100)))))
    let delayedApplied = await eventually(timeout: .seconds(10)) {
      waypoint.services.service(WaypointMesh.key("httpbin"))?.service.defaultPolicy != nil
    }
    try #require(delayedApplied)
    let delayed = try await get("/get")
    #expect(delayed.first?.status == 200)
    #expect((delayed.first?.ms ?? 0) >= 400, "took \(delayed.first?.ms ?? 0) ms")

    // An abort fault answers without reaching a backend.
    try mesh.publish(
      Self.service(
        routes: Self.routes,
        defaultPolicy: L7RoutePolicy(fault: L7Fault(abort: .init(httpStatus: 418, percentage: 100)))))
    let abortApplied = await eventually(timeout: .seconds(10)) {
      waypoint.services.service(WaypointMesh.key("httpbin"))?.service.defaultPolicy?.fault?.abort != nil
    }
    try #require(abortApplied)
    let aborted = try await get("/get")
    #expect(aborted.first?.status == 418)
    #expect(aborted.first?.backend == nil)

    await group.triggerGracefulShutdown()
    _ = try? await running.value
  }
}
