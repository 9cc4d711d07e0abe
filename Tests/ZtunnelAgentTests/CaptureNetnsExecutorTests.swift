import Foundation
import MeshTestSupport
import NIOCore
import NIOPosix
import Testing

@testable import ZtunnelAgent

/// Root: sockets created through the executor live in the pod namespace, not the host's.
@Suite("Capture: network namespaces and the executor")
struct CaptureNetnsExecutorTests {
  @Test func handlesToTheSameNamespaceCompareEqualAcrossPaths() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let name = try await lab.addNamespace("id")
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    let named = try NetworkNamespace.named(name)
    // Inside the namespace, the thread's own /proc path names the same namespace.
    let seenFromInside = try await executor.run(in: named) { try NetworkNamespace.current() }
    #expect(seenFromInside == named)
    #expect(seenFromInside.path != named.path)
    let host = try NetworkNamespace.current()
    #expect(host != named)
    #expect(host == executor.hostNamespace)
    // The executor thread went back to the host namespace afterwards.
    let after = try await executor.run(in: executor.hostNamespace) { try NetworkNamespace.current() }
    #expect(after == host)
  }

  @Test func openingAMissingNamespaceNamesThePath() {
    #expect {
      try NetworkNamespace(path: "/var/run/netns/mzt-does-not-exist")
    } throws: { error in
      guard let error = error as? CaptureError else { return false }
      return error.code == .namespaceUnavailable && error.message.contains("/var/run/netns/mzt-does-not-exist")
    }
  }

  @Test func aClosedNamespaceIsRefusedNotEntered() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let ns = try NetworkNamespace.named(try await lab.addNamespace("closed"))
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    ns.close()
    await #expect(throws: CaptureError.self) { try await executor.run(in: ns) { 1 } }
    // The executor keeps working for other namespaces.
    let value = try await executor.run(in: executor.hostNamespace) { 2 }
    #expect(value == 2)
  }

  @Test func listenerBoundInANamespaceIsReachableThereAndNotFromTheHost() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let name = try await lab.addNamespace("bind")
    let ns = try NetworkNamespace.named(name)
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }

    let server = try await executor.bind(NamedEchoHandler.bootstrap(name: "inside"), host: "0.0.0.0", port: 0, in: ns)
    defer { server.close(promise: nil) }
    let port = try #require(server.localAddress?.port)

    let fromInside = try await lab.tcpRequest(from: name, to: "127.0.0.1", port: port)
    #expect(fromInside == "inside:hello")
    // Same address from the host namespace: nothing listens there.
    let fromHost = try await Tool.run(["python3", "-c", Self.connectScript, "127.0.0.1", String(port)])
    #expect(fromHost.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "refused")
  }

  @Test func connectFromInsideANamespaceReachesAServerInsideIt() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let ns = try NetworkNamespace.named(try await lab.addNamespace("conn"))
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    let server = try await executor.bind(NamedEchoHandler.bootstrap(name: "ns"), host: "127.0.0.1", port: 0, in: ns)
    defer { server.close(promise: nil) }
    let address = try #require(server.localAddress)

    let replies = LineCollector()
    let client = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(replies.handler()) }
      }
    let channel = try await executor.connect(client, to: address, in: ns)
    defer { channel.close(promise: nil) }
    try await channel.writeAndFlush(ByteBuffer(string: "ping\n"))
    let reply = await replies.first()
    #expect(reply == "ns:ping")

    // The same connect from the host namespace finds no server on that port.
    await #expect(throws: (any Error).self) {
      let direct = try await client.connect(to: address).get()
      direct.close(promise: nil)
    }
  }

  @Test func listeningSocketMadeInANamespaceIsAdoptedByNIO() async throws {
    let lab = try NetnsLab()
    defer { lab.cleanup() }
    let name = try await lab.addNamespace("adopt")
    let ns = try NetworkNamespace.named(name)
    let executor = try NetnsExecutor()
    defer { executor.shutdown() }
    let fd = try await executor.makeListeningSocket(in: ns, host: "0.0.0.0", port: 0, transparent: true)
    let server = try await NamedEchoHandler.bootstrap(name: "adopted").withBoundSocket(fd).get()
    defer { server.close(promise: nil) }
    let port = try #require(server.localAddress?.port)
    let reply = try await lab.tcpRequest(from: name, to: "127.0.0.1", port: port)
    #expect(reply == "adopted:hello")
  }

  static let connectScript = """
    import socket, sys
    try:
        socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3); print("connected")
    except ConnectionRefusedError:
        print("refused")
    """
}
