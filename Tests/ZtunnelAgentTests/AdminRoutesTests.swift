import AdminHTTP
import Foundation
import Logging
import Shared
import Synchronization
import Testing

@testable import ZtunnelAgent

@Suite struct AdminRoutesTests {
  final class Recorder: Sendable {
    let quits = Mutex(0)
    let level = Mutex(Logger.Level.info)
    let ready = Mutex(Readiness(reasons: []))
  }

  static func routes(_ recorder: Recorder, metrics: TCPMetrics = TCPMetrics()) -> AdminRoutes {
    let snap = TestMesh.snapshot(workloads: [TestMesh.pod("httpbin", "10.0.0.2")])
    return AdminRoutes(
      snapshot: { snap }, certificates: { [] }, pendingIdentities: { [TestMesh.identity("apps", "httpbin")] },
      readiness: { recorder.ready.withLock { $0 } }, metrics: metrics, config: ["node": "node-a"],
      quit: { recorder.quits.withLock { $0 += 1 } }, logLevel: { recorder.level.withLock { $0 } },
      setLogLevel: { level in recorder.level.withLock { $0 = level } })
  }

  static func body(_ response: AdminResponse) -> String { String(decoding: response.body, as: UTF8.self) }

  @Test func configDumpIsJSON() async throws {
    let response = await Self.routes(Recorder()).respond(AdminRequest(method: "GET", uri: "/config_dump"))
    #expect(response.status == 200)
    #expect(response.contentType == "application/json")
    let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    #expect((json?["workloads"] as? [Any])?.count == 1)
    #expect(Self.body(response).contains("Initializing"))
  }

  @Test func quitNeedsPOST() async {
    let recorder = Recorder()
    let routes = Self.routes(recorder)
    let get = await routes.respond(method: "GET", path: "/quitquitquit", query: [:])
    #expect(get.status == 405)
    #expect(recorder.quits.withLock { $0 } == 0)
    let post = await routes.respond(method: "POST", path: "/quitquitquit", query: [:])
    #expect(post.status == 200)
    #expect(recorder.quits.withLock { $0 } == 1)
  }

  @Test func loggingLevelIsShownAndChanged() async {
    let recorder = Recorder()
    let routes = Self.routes(recorder)
    let shown = await routes.respond(AdminRequest(method: "GET", uri: "/logging"))
    #expect(Self.body(shown).contains("info"))
    let changed = await routes.respond(AdminRequest(method: "POST", uri: "/logging?level=debug"))
    #expect(changed.status == 200)
    #expect(recorder.level.withLock { $0 } == .debug)
    let bad = await routes.respond(AdminRequest(method: "POST", uri: "/logging?level=loud"))
    #expect(bad.status == 400)
    #expect(Self.body(bad).contains("trace"))
    #expect(recorder.level.withLock { $0 } == .debug)
    let viaGET = await routes.respond(AdminRequest(method: "GET", uri: "/logging?level=error"))
    #expect(viaGET.status == 405)
  }

  @Test func readinessReportsReasons() async {
    let recorder = Recorder()
    let routes = Self.routes(recorder)
    #expect(await routes.respond(method: "GET", path: "/healthz/ready", query: [:]).status == 200)
    let httpbin = TestMesh.identity("apps", "httpbin")
    recorder.ready.withLock {
      $0 = Readiness.evaluate(
        xdsReady: false, unboundListeners: ["outbound 15001"], localIdentities: [httpbin], certifiedIdentities: [])
    }
    let notReady = await routes.respond(method: "GET", path: "/healthz/ready", query: [:])
    #expect(notReady.status == 503)
    let text = Self.body(notReady)
    #expect(text.contains("control plane"))
    #expect(text.contains("outbound 15001"))
    #expect(text.contains(httpbin.uri))
  }

  @Test func readinessNeedsEveryLocalCertificate() {
    let a = TestMesh.identity("apps", "a")
    let b = TestMesh.identity("apps", "b")
    let partial = Readiness.evaluate(
      xdsReady: true, unboundListeners: [], localIdentities: [a, b], certifiedIdentities: [a])
    #expect(partial.reasons == ["no certificate yet for local identity \(b.uri)"])
    let ready = Readiness.evaluate(
      xdsReady: true, unboundListeners: [], localIdentities: [a, b], certifiedIdentities: [a, b])
    #expect(ready.isReady)
  }

  @Test func metricsOnBothPaths() async {
    let metrics = TCPMetrics()
    metrics.handle(MetricLabels(reporter: .source)).connectionOpened()
    let routes = Self.routes(Recorder(), metrics: metrics)
    for path in ["/metrics", "/stats/prometheus"] {
      let response = await routes.respond(method: "GET", path: path, query: [:])
      #expect(response.status == 200)
      #expect(response.contentType.hasPrefix("text/plain; version=0.0.4"))
      #expect(Self.body(response).contains("istio_tcp_connections_opened_total{reporter=\"source\""))
    }
    #expect(await routes.respond(method: "GET", path: "/nope", query: [:]).status == 404)
  }
}
