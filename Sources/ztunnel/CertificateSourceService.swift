import CA
import ServiceLifecycle

/// Runs the gRPC connection of the CA client for the life of the ztunnel.
struct CertificateSourceService: ServiceLifecycle.Service {
  let source: GRPCCertificateSource

  func run() async throws {
    try await withGracefulShutdownHandler {
      try await source.run()
    } onGracefulShutdown: {
      source.close()
    }
  }
}
