import Foundation
import Logging
import MeshTestSupport
import NIOCore
import NIOPosix
import ServiceLifecycle
import Shared
import Testing
import ZtunnelAgent

/// Two ztunnels ("node-a" and "node-b") on loopback, a real CA and Delta ADS server: a client on
/// node-a reaches a workload on node-b through both ztunnels over HBONE, and L4 policy at the
/// destination decides on the identity from the certificate.
@Suite(.serialized) struct TwoZtunnelsTests {
  static let sleepIP = "127.0.77.2"
  static let httpbinIP = "127.0.77.3"

  static func sleep() -> Workload {
    Workload(
      uid: Workload.podUID(cluster: "Kubernetes", namespace: "apps", name: "sleep"), name: "sleep", namespace: "apps",
      addresses: [try! IPAddress(sleepIP)], tunnelProtocol: .hbone, serviceAccount: "sleep", node: "node-a",
      canonicalName: "sleep", canonicalRevision: "v1", workloadName: "sleep")
  }

  static func httpbin(port: Int) -> Workload {
    Workload(
      uid: Workload.podUID(cluster: "Kubernetes", namespace: "apps", name: "httpbin"), name: "httpbin",
      namespace: "apps", addresses: [try! IPAddress(httpbinIP)], tunnelProtocol: .hbone, serviceAccount: "httpbin",
      node: "node-b", canonicalName: "httpbin", canonicalRevision: "v1", workloadName: "httpbin",
      services: ["apps/httpbin.apps.svc.cluster.local": [ServicePort(servicePort: 80, targetPort: UInt16(port))]])
  }

  static let service = Service(
    name: "httpbin", namespace: "apps", hostname: "httpbin.apps.svc.cluster.local",
    addresses: [NetworkAddress(address: try! IPAddress("10.96.77.10"))],
    ports: [ServicePort(servicePort: 80, targetPort: 0)])

  /// Sends `payload` through SOCKS5 from `sourceIP` to `host:port` and returns what came back.
  static func socks(proxyPort: Int, sourceIP: String, host: String, port: Int, payload: String) async throws -> String {
    let script = """
      import socket, struct, sys
      s = socket.socket()
      s.bind(("\(sourceIP)", 0))
      s.settimeout(10)
      s.connect(("127.0.0.1", \(proxyPort)))
      s.sendall(b"\\x05\\x01\\x00")
      assert s.recv(2) == b"\\x05\\x00"
      host = b"\(host)"
      s.sendall(b"\\x05\\x01\\x00\\x03" + bytes([len(host)]) + host + struct.pack(">H", \(port)))
      reply = s.recv(10)
      if reply[1] != 0:
          print("refused", reply[1]); sys.exit(0)
      s.sendall(b"\(payload)")
      s.shutdown(socket.SHUT_WR)
      got = b""
      try:
          while True:
              chunk = s.recv(65536)
              if not chunk: break
              got += chunk
      except ConnectionResetError:
          pass
      print(got.decode())
      """
    return try await Tool.run(["python3", "-c", script]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func clientOnNodeAReachesWorkloadOnNodeBAndPolicyDeniesByCertificate() async throws {
    let (slice, serving) = try await MeshSlice.start()
    defer { slice.stop(serving) }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let echo = try await ServerBootstrap(group: group)
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(UppercaseEcho()) }
      }
      .bind(host: Self.httpbinIP, port: 0).get()
    let echoPort = echo.localAddress!.port!
    try slice.publish(workloads: [Self.sleep(), Self.httpbin(port: echoPort)], services: [Self.service])

    let a = try slice.ztunnel(node: "node-a", token: "ztunnel-a", socks: true)
    let b = try slice.ztunnel(node: "node-b", token: "ztunnel-b", socks: false)
    let services = ServiceGroup(
      configuration: .init(services: [.init(service: a), .init(service: b)], logger: Logger(label: "test")))
    let running = Task { try await services.run() }

    let ready = await eventually(timeout: .seconds(20)) {
      let bReady = await b.adminReady()
      return bReady && a.socks5BoundAddress != nil && a.store.snapshot.workloadCount == 2
    }
    #expect(ready)
    let socksPort = try #require(a.socks5BoundAddress?.port)

    // Straight to the workload, and by service name (VIP → endpoint), both through HBONE.
    let direct = try await Self.socks(
      proxyPort: socksPort, sourceIP: Self.sleepIP, host: Self.httpbinIP, port: echoPort, payload: "hello mesh")
    #expect(direct == "HELLO MESH")
    let byName = try await Self.socks(
      proxyPort: socksPort, sourceIP: Self.sleepIP, host: "httpbin.apps", port: 80, payload: "by name")
    #expect(byName == "BY NAME")
    #expect(MeshSlice.reportsMutualTLSFromSleep(b))

    // A DENY for the sleep identity at the destination: the tunnel is refused (401), which the
    // SOCKS5 client sees as "host unreachable" (reply code 4), and nothing reaches httpbin.
    try await slice.denySleep(at: b)
    let denied = try await Self.socks(
      proxyPort: socksPort, sourceIP: Self.sleepIP, host: Self.httpbinIP, port: echoPort, payload: "let me in")
    #expect(denied == "refused 4")
    let flagged = await eventually { b.metrics.render().contains("response_flags=\"DENY\"") }
    #expect(flagged)

    await services.triggerGracefulShutdown()
    _ = try? await running.value
    try? await echo.close()
    try? await group.shutdownGracefully()
  }
}

/// Echoes upper-cased, closing its side after the client closed its own.
final class UppercaseEcho: ChannelInboundHandler, Sendable {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var buffer = unwrapInboundIn(data)
    let text = buffer.readString(length: buffer.readableBytes) ?? ""
    context.write(wrapOutboundOut(ByteBuffer(string: text.uppercased())), promise: nil)
  }
  func channelReadComplete(context: ChannelHandlerContext) { context.flush() }
  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if case ChannelEvent.inputClosed = event {
      let channel = context.channel
      context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in channel.close(promise: nil) }
    }
  }
}
