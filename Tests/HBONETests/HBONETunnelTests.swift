import Foundation
import HBONE
import MeshTestSupport
import NIOCore
import NIOPosix
import Shared
import Testing

/// Tunnels through our own HBONE client and server over loopback with real mesh certificates.
@Suite struct HBONETunnelTests {
  /// Sends `bytes` through the ingress with Python's socket module, half-closes, and returns
  /// what came back (the echo) as a count plus a checksum match flag.
  static func roundTrip(port: Int, bytes: Int) async throws -> String {
    let script = """
      import socket, hashlib, os
      data = os.urandom(\(bytes))
      s = socket.create_connection(("127.0.0.1", \(port)))
      s.sendall(data)
      s.shutdown(socket.SHUT_WR)
      got = bytearray()
      while True:
          chunk = s.recv(65536)
          if not chunk: break
          got += chunk
      print(len(got), hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest())
      """
    return try await Tool.run(["python3", "-c", script]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  struct Setup {
    let group: MultiThreadedEventLoopGroup
    let pki: TestPKI
    let echo: EchoServer
    let delegate: TestDelegate
    let server: HBONEServer
    let listener: HBONEListener
    let client: HBONEClient
    let sleep: HBONECredential

    static func start(refuse: @escaping @Sendable (HBONEConnectRequest) -> Int? = { _ in nil }) async throws -> Setup {
      let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
      let pki = try TestPKI()
      let echo = try await EchoServer.start(group: group)
      let httpbin = try pki.credential("ambient-apps", "httpbin")
      let delegate = TestDelegate(credential: httpbin, upstreamPort: echo.port, refuse: refuse)
      let server = HBONEServer(group: group, trust: try pki.trust, delegate: delegate, logger: .init(label: "test"))
      let listener = try await server.bind(host: "127.0.0.1", port: 0)
      let client = HBONEClient(group: group, trust: try pki.trust, logger: .init(label: "test"))
      return Setup(
        group: group, pki: pki, echo: echo, delegate: delegate, server: server, listener: listener, client: client,
        sleep: try pki.credential("ambient-apps", "sleep"))
    }

    func target(
      _ credential: HBONECredential? = nil, authority: String = "10.0.0.7:8080", expected: [SpiffeIdentity]? = nil
    ) -> HBONETarget {
      HBONETarget(
        source: credential ?? sleep, sourceIP: nil, peer: listener.localAddress, authority: authority,
        expectedIdentities: expected ?? [delegate.credential.identity],
        headers: [
          ("forwarded", "for=\"10.0.0.9:1234\""), ("x-claimed-identity", "spiffe://cluster.local/ns/x/sa/admin"),
        ])
    }

    func stop() async {
      await client.close()
      await listener.close()
      await server.close(deadline: .now)
      try? await echo.channel.close()
      try? await group.shutdownGracefully()
    }
  }

  @Test func bytesCrossBothWaysWithHalfClose() async throws {
    let setup = try await Setup.start()
    let ingress = try await Ingress.start(group: setup.group, client: setup.client, target: setup.target())
    let answer = try await Self.roundTrip(port: ingress.port, bytes: 1 << 20)
    #expect(answer == "\(1 << 20) True")
    let request = try #require(setup.delegate.seen.withLock { $0.first })
    #expect(request.authority == "10.0.0.7:8080")
    #expect(request.target == HostPort(host: "10.0.0.7", port: 8080))
    // Identity from the certificate, whatever headers claim.
    #expect(request.peerIdentity == setup.sleep.identity)
    #expect(request.headers.contains { $0.name == "forwarded" && $0.value == "for=\"10.0.0.9:1234\"" })
    let closed = await eventually { setup.delegate.closed.withLock { $0.count } == 1 }
    #expect(closed)
    let stats = setup.delegate.closed.withLock { $0.first }
    #expect(stats?.bytesFromPeer == 1 << 20)
    #expect(stats?.bytesToPeer == 1 << 20)
    try? await ingress.channel.close()
    await setup.stop()
  }

  @Test func concurrentTunnelsShareConnectionsUpToTheStreamLimit() async throws {
    let setup = try await Setup.start()
    let loop = setup.group.next()
    let streams = try await withThrowingTaskGroup(of: HBONEStream.self) { group in
      for _ in 0..<150 { group.addTask { try await setup.client.open(setup.target(), on: loop).get() } }
      var all: [HBONEStream] = []
      for try await stream in group { all.append(stream) }
      return all
    }
    #expect(streams.count == 150)
    #expect(setup.client.pooledConnections == 2)
    let other = try await setup.client.open(setup.target(try setup.pki.credential("ambient-apps", "other")), on: loop)
      .get()
    #expect(setup.client.pooledConnections == 3)
    for stream in streams + [other] { stream.close() }
    await setup.stop()
  }

  @Test func refusalsReachTheClientWithTheirStatus() async throws {
    let setup = try await Setup.start { $0.authority.hasSuffix(":9999") ? 401 : nil }
    let loop = setup.group.next()
    await #expect(throws: HBONEError.self) {
      try await setup.client.open(setup.target(authority: "10.0.0.7:9999"), on: loop).get()
    }
    do {
      _ = try await setup.client.open(setup.target(authority: "10.0.0.7:9999"), on: loop).get()
    } catch let error as HBONEError {
      #expect(error.code == .rejected(status: 401))
    }
    do {
      _ = try await setup.client.open(setup.target(authority: "not-an-authority"), on: loop).get()
      Issue.record("a malformed authority must be refused")
    } catch let error as HBONEError {
      #expect(error.code == .rejected(status: 400))
    }
    await setup.stop()
  }

  @Test func serverIdentityOutsideTheExpectedSetFailsBeforeAnyStream() async throws {
    let setup = try await Setup.start()
    let wrong = try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/ambient-apps/sa/someone-else")
    do {
      _ = try await setup.client.open(setup.target(expected: [wrong]), on: setup.group.next()).get()
      Issue.record("a server with another identity must be refused")
    } catch let error as HBONEError {
      #expect(error.code == .identityMismatch)
    }
    #expect(setup.delegate.seen.withLock { $0.isEmpty })
    await setup.stop()
  }

  @Test func clientsFromAnotherRootOrTrustDomainAreRefusedInTheHandshake() async throws {
    let setup = try await Setup.start()
    for foreign in [try TestPKI(), try TestPKI(trustDomain: "other.example")] {
      // The client trusts our root (so it would accept the server), but presents a foreign certificate.
      let client = HBONEClient(group: setup.group, trust: try setup.pki.trust, logger: .init(label: "test"))
      let outsider = try foreign.credential("ambient-apps", "sleep")
      await #expect(throws: (any Error).self) {
        try await client.open(setup.target(outsider), on: setup.group.next()).get()
      }
      await client.close()
    }
    #expect(setup.delegate.seen.withLock { $0.isEmpty })
    let failures = await eventually { setup.delegate.handshakeFailures.withLock { $0.count } >= 2 }
    #expect(failures)
    await setup.stop()
  }
}
