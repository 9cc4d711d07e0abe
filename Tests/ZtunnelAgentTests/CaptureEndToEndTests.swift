import Foundation
import MeshTestSupport
import NIOCore
import NIOPosix
import Shared
import Testing

@testable import ZtunnelAgent

/// Root: real capture in a "pod" namespace joined by a veth to a "remote" namespace. The pod's
/// client and the remote client are plain python processes started with `ip netns exec`, as an
/// application would be; ztunnel's side is in this process, with its sockets in the pod.
@Suite("Capture: end to end in a pod namespace")
struct CaptureEndToEndTests {
  /// pod = .2, remote = .1; remote serves "remote:" on 8080, the pod's app serves "app:" on 8080
  /// and a stand-in HBONE listener serves "hbone:" on 15008 in the pod.
  struct World {
    let lab: NetnsLab
    let podName: String
    let remoteName: String
    let pod: NetworkNamespace
    let executor: NetnsExecutor
    let servers: [any Channel]
    var podIP: String { lab.ip(2) }
    var remoteIP: String { lab.ip(1) }

    static func make() async throws -> World {
      let lab = try NetnsLab()
      do {
        let podName = try await lab.addNamespace("pod")
        let remoteName = try await lab.addNamespace("remote")
        try await lab.link(podName, 2, remoteName, 1)
        let pod = try NetworkNamespace.named(podName)
        let remote = try NetworkNamespace.named(remoteName)
        let executor = try NetnsExecutor()
        let servers = [
          try await executor.bind(NamedEchoHandler.bootstrap(name: "remote"), host: "0.0.0.0", port: 8080, in: remote),
          try await executor.bind(NamedEchoHandler.bootstrap(name: "app"), host: "0.0.0.0", port: 8080, in: pod),
          try await executor.bind(NamedEchoHandler.bootstrap(name: "hbone"), host: "0.0.0.0", port: 15008, in: pod),
        ]
        return World(
          lab: lab, podName: podName, remoteName: remoteName, pod: pod, executor: executor, servers: servers)
      } catch {
        lab.cleanup()
        throw error
      }
    }

    func close() {
      for server in servers { server.close(promise: nil) }
      executor.shutdown()
      lab.cleanup()
    }
  }

  /// The capture the lead composes: listeners opened by PodCapture inside the pod, rules in.
  static func capture(
    _ world: World, outbound: CaptureTestProxy, inbound: CaptureTestProxy
  ) async throws
    -> PodCapture
  {
    let capture = PodCapture(installer: CaptureInstaller())
    let executor = world.executor
    try await capture.start(
      netns: world.pod, podIPs: [try IPAddress(world.podIP)],
      listeners: [
        { ns in try await executor.bind(outbound.bootstrap(), host: "0.0.0.0", port: 15001, in: ns) },
        { ns in try await executor.bind(inbound.bootstrap(), host: "0.0.0.0", port: 15006, in: ns) },
      ])
    return capture
  }

  @Test func outboundConnectionOfThePodLandsOnTheOutboundListenerAndIsForwarded() async throws {
    let world = try await World.make()
    defer { world.close() }
    let outbound = CaptureTestProxy(executor: world.executor, namespace: world.pod)
    let inbound = CaptureTestProxy(executor: world.executor, namespace: world.pod)
    let capture = try await Self.capture(world, outbound: outbound, inbound: inbound)

    let reply = try await world.lab.tcpRequest(from: world.podName, to: world.remoteIP, port: 8080)
    // The bytes reached the real server through our listener, whose marked upstream
    // connection was not captured again (one destination recorded, not a loop).
    #expect(reply == "remote:hello")
    #expect(outbound.destinations == ["\(world.remoteIP):8080"])
    #expect(inbound.destinations.isEmpty)

    // Loopback stays uncaptured: the app reaches its own server on 127.0.0.1 directly.
    let local = try await world.lab.tcpRequest(from: world.podName, to: "127.0.0.1", port: 8080)
    #expect(local == "app:hello")
    #expect(outbound.destinations.count == 1)

    // Removing the rules sends traffic straight to the server again; our listener sees nothing.
    try await capture.stop()
    let direct = try await world.lab.tcpRequest(from: world.podName, to: world.remoteIP, port: 8080)
    #expect(direct == "remote:hello")
    #expect(outbound.destinations.count == 1)
  }

  @Test func inboundConnectionToThePodLandsOnTheInboundListenerExceptHBONE() async throws {
    let world = try await World.make()
    defer { world.close() }
    let outbound = CaptureTestProxy(executor: world.executor, namespace: world.pod)
    let inbound = CaptureTestProxy(executor: world.executor, namespace: world.pod)
    let capture = try await Self.capture(world, outbound: outbound, inbound: inbound)

    let reply = try await world.lab.tcpRequest(from: world.remoteName, to: world.podIP, port: 8080)
    #expect(reply == "app:hello")
    #expect(inbound.destinations == ["\(world.podIP):8080"])
    #expect(outbound.destinations.isEmpty)

    // HBONE (15008) is ztunnel's own port in the pod: it is never redirected.
    let hbone = try await world.lab.tcpRequest(from: world.remoteName, to: world.podIP, port: 15008)
    #expect(hbone == "hbone:hello")
    #expect(inbound.destinations.count == 1)

    try await capture.stop()
    let direct = try await world.lab.tcpRequest(from: world.remoteName, to: world.podIP, port: 8080)
    #expect(direct == "app:hello")
    #expect(inbound.destinations.count == 1)
    // The listeners were closed with the capture.
    let closed = try await world.lab.tcpRequest(from: world.podName, to: "127.0.0.1", port: 15001)
    #expect(closed == "refused")
  }

  @Test func onlyZtunnelMarkedSocketsInThePodSkipCapture() async throws {
    let world = try await World.make()
    defer { world.close() }
    let outbound = CaptureTestProxy(executor: world.executor, namespace: world.pod)
    let inbound = CaptureTestProxy(executor: world.executor, namespace: world.pod)
    let capture = try await Self.capture(world, outbound: outbound, inbound: inbound)
    let remote = try SocketAddress(ipAddress: world.remoteIP, port: 8080)

    // Marked: straight to the remote server.
    let marked = try await Self.exchange(
      world, ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).ztunnelMarked(), remote)
    #expect(marked == "remote:hello")
    #expect(outbound.destinations.isEmpty)

    // Unmarked, from the same namespace: captured like the app's own traffic.
    let unmarked = try await Self.exchange(world, ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton), remote)
    #expect(unmarked == "remote:hello")
    #expect(outbound.destinations == ["\(world.remoteIP):8080"])
    try await capture.stop()
  }

  static func exchange(_ world: World, _ bootstrap: ClientBootstrap, _ address: SocketAddress) async throws -> String? {
    let replies = LineCollector()
    let client = bootstrap.channelInitializer { channel in
      channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(replies.handler()) }
    }
    let channel = try await world.executor.connect(client, to: address, in: world.pod)
    defer { channel.close(promise: nil) }
    try await channel.writeAndFlush(ByteBuffer(string: "hello\n"))
    return await replies.first()
  }
}
