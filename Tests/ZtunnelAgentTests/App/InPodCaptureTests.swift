import Foundation
import Logging
import MeshTestSupport
import NIOCore
import NIOPosix
import ServiceLifecycle
import Shared
import Testing

@testable import ZtunnelAgent

/// Two pods in their own network namespaces, each captured by its ztunnel in Istio's in-pod
/// mode (root): a plain TCP client in pod A reaches a server in pod B, unaware of the mesh; B's
/// ztunnel sees the tunnel as mutual TLS from A's identity, and a policy at B refuses A by it.
@Suite(.serialized) struct InPodCaptureTests {
  @Test func plainClientInPodAReachesPodBThroughBothZtunnels() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let podA = try await lab.addNamespace("a")
    let podB = try await lab.addNamespace("b")
    try await lab.link(podA, 2, podB, 3)

    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    let server = try await executor.bind(
      NamedEchoHandler.bootstrap(name: "httpbin"), host: "0.0.0.0", port: 8080, in: try NetworkNamespace.named(podB))
    defer { server.close(promise: nil) }

    let (slice, serving) = try await MeshSlice.start()
    defer { slice.stop(serving) }
    let sleep = TestMesh.pod("sleep", lab.ip(2), ns: "apps", node: "node-a")
    let httpbin = TestMesh.pod("httpbin", lab.ip(3), ns: "apps", node: "node-b")
    try slice.publish(workloads: [sleep, httpbin])

    let a = try slice.ztunnel(node: "node-a", token: "ztunnel-a", socks: false, capture: .inPod)
    let b = try slice.ztunnel(node: "node-b", token: "ztunnel-b", socks: false, capture: .inPod)
    let services = ServiceGroup(
      configuration: .init(services: [.init(service: a), .init(service: b)], logger: Logger(label: "test")))
    let running = Task { try await services.run() }

    let ready = await eventually(timeout: .seconds(20)) {
      let readyA = await a.adminReady()
      let readyB = await b.adminReady()
      return readyA && readyB
    }
    #expect(ready)

    // Capture makes the mesh invisible to the application: it dials B's IP and port as always.
    let answer = try await lab.tcpRequest(from: podA, to: lab.ip(3), port: 8080)
    #expect(answer == "httpbin:hello")
    #expect(MeshSlice.reportsMutualTLSFromSleep(b))
    // Connection after connection, each a new stream on the pooled HBONE connection: none lost.
    var answers: [String: Int] = [:]
    for _ in 0..<30 { answers[try await lab.tcpRequest(from: podA, to: lab.ip(3), port: 8080), default: 0] += 1 }
    #expect(answers == ["httpbin:hello": 30])

    try await slice.denySleep(at: b)
    let denied = try await lab.tcpRequest(from: podA, to: lab.ip(3), port: 8080)
    #expect(denied != "httpbin:hello")

    await services.triggerGracefulShutdown()
    _ = try? await running.value
    // A stopped ztunnel leaves the redirect rules: the pod's traffic fails closed, never in
    // plaintext around the mesh.
    let afterStop = try await lab.tcpRequest(from: podA, to: lab.ip(3), port: 8080)
    #expect(afterStop == "refused", "after the ztunnel stopped: \(afterStop)")
  }
}
