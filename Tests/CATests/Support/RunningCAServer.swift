import CA
import Foundation
import GRPCCore
import Shared

/// Runs the real CA gRPC server over TLS on a free loopback port for the duration of `body`.
enum RunningCAServer {
  static func with<T: Sendable>(
    ca: CertificateAuthority, pods: (any PodLocator)? = nil, _ body: (Int) async throws -> T
  ) async throws -> T {
    let server = try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: "127.0.0.1", port: 0,
        identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/istiod"),
        servingNames: ["istiod.istio-system.svc", "localhost", "127.0.0.1"]),
      service: Fixtures.service(ca: ca, pods: pods))
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.server.serve() }
      defer {
        server.server.beginGracefulShutdown()
      }
      guard let port = try await server.listeningPort() else { throw CAError(.unavailable, "CA server did not bind") }
      return try await body(port)
    }
  }
}
