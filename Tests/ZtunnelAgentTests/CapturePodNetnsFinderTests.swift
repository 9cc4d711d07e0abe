import Foundation
import MeshTestSupport
import Shared
import Testing

@testable import ZtunnelAgent

/// Root: the finder locates a pod's namespace from its IP alone.
@Suite("Capture: finding a pod's network namespace")
struct CapturePodNetnsFinderTests {
  @Test func findsTheNamespaceCarryingThePodIPAndNothingForAnUnknownIP() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let podName = try await lab.addNamespace("fpod")
    let peerName = try await lab.addNamespace("fpeer")
    try await lab.link(podName, 2, peerName, 1)
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    let finder = PodNetnsFinder(executor: executor)

    let found = try await finder.find(podIP: try IPAddress(lab.ip(2)))
    let expected = try NetworkNamespace.named(podName)
    #expect(found == expected)
    let peer = try await finder.find(podIP: try IPAddress(lab.ip(1)))
    #expect(peer == (try NetworkNamespace.named(peerName)))

    let unknown = try await finder.find(podIP: try IPAddress(lab.ip(99)))
    #expect(unknown == nil)
  }

  @Test func aProcessNamespaceWithoutANameIsFoundThroughProc() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let podName = try await lab.addNamespace("fproc")
    let peerName = try await lab.addNamespace("fproc-peer")
    try await lab.link(podName, 2, peerName, 1)
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    var finder = PodNetnsFinder(executor: executor)
    finder.namedDirectory = "/nonexistent-mzt"  // only /proc/PID/ns/net can lead to it
    // A process living in the pod namespace (as a container's would): `ip netns exec` enters
    // the namespace and then execs sleep under the same PID.
    let sleeper = Process()
    sleeper.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    sleeper.arguments = ["ip", "netns", "exec", podName, "sleep", "30"]
    sleeper.standardInput = FileHandle.nullDevice
    sleeper.standardOutput = FileHandle.nullDevice
    sleeper.standardError = FileHandle.nullDevice
    try sleeper.run()
    defer { kill(sleeper.processIdentifier, SIGKILL) }  // SIGTERM may be ignored (inherited disposition)
    let target = try NetworkNamespace.named(podName)
    let entered = await eventually {
      (try? NetworkNamespace(path: "/proc/\(sleeper.processIdentifier)/ns/net")) == target
    }
    try #require(entered, "the sleeper never entered \(podName)")

    let found = try await finder.find(podIP: try IPAddress(lab.ip(2)))
    #expect(found == (try NetworkNamespace.named(podName)))
    #expect(found?.path.hasPrefix("/proc/") == true)
  }
}
