import Foundation
import MeshTestSupport
import NIOCore
import Shared
import Testing

@testable import ZtunnelAgent

/// Root: a pod is either fully captured or not at all.
@Suite("Capture: PodCapture start failures")
struct CapturePodCaptureTests {
  struct ListenerRefused: Error {}

  @Test func aListenerThatFailsToOpenLeavesNoRulesAndNoListeners() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let name = try await lab.addNamespace("pcl")
    let ns = try NetworkNamespace.named(name)
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    let installer = CaptureInstaller()
    let capture = PodCapture(installer: installer)

    await #expect(throws: ListenerRefused.self) {
      try await capture.start(
        netns: ns, podIPs: [try IPAddress(lab.ip(2))],
        listeners: [
          { ns in
            try await executor.bind(NamedEchoHandler.bootstrap(name: "ztunnel"), host: "0.0.0.0", port: 15001, in: ns)
          },
          { _ in throw ListenerRefused() },
        ])
    }
    let state = try await installer.state(in: ns, family: .ipv4)
    #expect(state.isEmpty)
    let reply = try await lab.tcpRequest(from: name, to: "127.0.0.1", port: 15001)
    #expect(reply == "refused")
    let captured = await capture.capturedNamespace
    #expect(captured == nil)
  }

  @Test func rulesThatFailToInstallCloseTheListeners() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let name = try await lab.addNamespace("pcr")
    let ns = try NetworkNamespace.named(name)
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    var rules = CaptureRules()
    rules.hostProbe = "not-an-address"
    let capture = PodCapture(installer: CaptureInstaller(rules: rules))

    await #expect(throws: CaptureError.self) {
      try await capture.start(
        netns: ns, podIPs: [try IPAddress(lab.ip(2))],
        listeners: [
          { ns in
            try await executor.bind(NamedEchoHandler.bootstrap(name: "ztunnel"), host: "0.0.0.0", port: 15001, in: ns)
          }
        ])
    }
    let reply = try await lab.tcpRequest(from: name, to: "127.0.0.1", port: 15001)
    #expect(reply == "refused")
    let state = try await CaptureInstaller().state(in: ns, family: .ipv4)
    #expect(state.isEmpty)
  }
}
