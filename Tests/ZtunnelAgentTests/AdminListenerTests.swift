import AdminHTTP
import MeshTestSupport
import Testing

@testable import ZtunnelAgent

/// Metrics and readiness bind every address: they must not hand the admin endpoints to any pod.
@Suite struct AdminListenerTests {
  typealias Recorder = AdminRoutesTests.Recorder

  @Test func metricsPortServesOnlyMetrics() async {
    let recorder = Recorder()
    let routes = AdminRoutesTests.routes(recorder)
    let quit = await routes.respond(
      AdminRequest(method: "POST", uri: "/quitquitquit", fromLoopback: false), on: .metrics)
    #expect(quit.status == 404)
    #expect(AdminRoutesTests.body(quit).contains("/metrics"))
    let dump = await routes.respond(AdminRequest(method: "GET", uri: "/config_dump"), on: .metrics)
    #expect(dump.status == 404)
    let metrics = await routes.respond(AdminRequest(method: "GET", uri: "/stats/prometheus"), on: .metrics)
    #expect(metrics.status == 200)
    #expect(recorder.quits.withLock { $0 } == 0)
  }

  @Test func readinessPortServesOnlyReadiness() async {
    let routes = AdminRoutesTests.routes(Recorder())
    let logging = await routes.respond(AdminRequest(method: "POST", uri: "/logging?level=trace"), on: .readiness)
    #expect(logging.status == 404)
    let ready = await routes.respond(AdminRequest(method: "GET", uri: "/healthz/ready"), on: .readiness)
    #expect(ready.status == 200)
  }

  @Test func adminChangesOnlyFromLoopback() async {
    let recorder = Recorder()
    let routes = AdminRoutesTests.routes(recorder)
    let remoteQuit = await routes.respond(AdminRequest(method: "POST", uri: "/quitquitquit", fromLoopback: false))
    #expect(remoteQuit.status == 403)
    #expect(AdminRoutesTests.body(remoteQuit).contains("localhost"))
    let remoteLevel = await routes.respond(
      AdminRequest(method: "POST", uri: "/logging?level=trace", fromLoopback: false))
    #expect(remoteLevel.status == 403)
    #expect(recorder.level.withLock { $0 } == .info)
    #expect(recorder.quits.withLock { $0 } == 0)
    // Reading is fine from anywhere the admin port is bound to (meshctl through the API server).
    let remoteDump = await routes.respond(AdminRequest(method: "GET", uri: "/config_dump", fromLoopback: false))
    #expect(remoteDump.status == 200)
    let localQuit = await routes.respond(AdminRequest(method: "POST", uri: "/quitquitquit"))
    #expect(localQuit.status == 200)
    #expect(recorder.quits.withLock { $0 } == 1)
  }

  @Test("the admin server tells a loopback peer (curl on 127.0.0.1) apart")
  func loopbackPeerIsLocal() async throws {
    let server = AdminHTTPServer(host: "127.0.0.1", port: 0) { request in
      .text(request.fromLoopback ? "local" : "remote")
    }
    let channel = try await server.bind()
    defer { channel.close(promise: nil) }
    let port = try #require(channel.localAddress?.port)
    let result = try await Tool.run(["curl", "-sS", "http://127.0.0.1:\(port)/x"])
    #expect(result.stdout == "local")
  }
}
