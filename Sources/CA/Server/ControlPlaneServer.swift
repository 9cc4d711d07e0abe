import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle

/// The control plane's gRPC server over TLS (CA, plus xDS when given), as a ServiceLifecycle
/// service (graceful shutdown drains RPCs). Its serving certificate comes from the CA it fronts,
/// so agents verify it with the mesh root.
public struct ControlPlaneServer: Service {
  public let server: GRPCServer<HTTP2ServerTransport.Posix>

  public init(
    config: ControlPlaneServerConfig, service: CertificateService, extraServices: [any RegistrableRPCService] = []
  )
    throws(CAError)
  {
    let serving = try service.ca.issueServingCertificate(identity: config.identity, dnsNames: config.servingNames)
    let transport = HTTP2ServerTransport.Posix(
      address: .ipv4(host: config.host, port: config.port),
      transportSecurity: .tls(
        certificateChain: PEMBlocks.split(serving.chainPEM).map { .bytes(Array($0.utf8), format: .pem) },
        privateKey: .bytes(Array(serving.keyPEM.utf8), format: .pem)
      ) { tls in
        tls.requireALPN = false
      },
      config: .defaults { config in
        // A reconnecting agent lists every resource it holds (initial_resource_versions):
        // with 100,000 workloads that request is ~6 MB, over gRPC's 4 MiB default.
        config.rpc.maxRequestPayloadSize = 64 << 20
      })
    server = GRPCServer(transport: transport, services: [service] + extraServices)
  }

  /// The bound address, once listening (port 0 picks a free port, as tests do).
  public func listeningPort() async throws -> Int? {
    try await server.listeningAddress?.ipv4?.port
  }

  /// Serves until cancelled, or until graceful shutdown has drained: new connections are refused
  /// at once and unary RPCs (certificate requests) finish, but xDS streams never end on their own,
  /// so after `drainTimeout` the remaining connections are closed (agents reconnect to another
  /// replica and resume from their versions) instead of holding the process until SIGKILL.
  public func run(drainTimeout: Duration = ControlPlaneServer.defaultDrainTimeout) async throws {
    let serving = Task { try await server.serve() }
    try await withTaskCancellationHandler {
      try await withGracefulShutdownHandler {
        do {
          try await serving.value
        } catch is CancellationError {
          // The drain deadline (or our own cancellation) ended serving: a clean stop.
        }
      } onGracefulShutdown: {
        server.beginGracefulShutdown()
        Task {
          try? await Task.sleep(for: drainTimeout)
          serving.cancel()
        }
      }
    } onCancel: {
      serving.cancel()
    }
  }

  public func run() async throws { try await run(drainTimeout: Self.defaultDrainTimeout) }

  /// Long enough for in-flight CSRs to finish, short enough to stay inside a pod's grace period.
  public static let defaultDrainTimeout: Duration = .seconds(3)
}
