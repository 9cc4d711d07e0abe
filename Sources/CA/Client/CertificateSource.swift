import Shared

/// Where the agent-side certificate manager gets certificates signed. Production: the CA over
/// gRPC+TLS (`GRPCCertificateSource`); tests: a CA in process.
public protocol CertificateSource: Sendable {
  /// Sends `csrPEM` and returns the chain, leaf first and root last. `impersonating` is set when a
  /// node agent asks on behalf of a workload.
  func fetch(csrPEM: String, ttlSeconds: Int64, impersonating: SpiffeIdentity?) async throws(CAError) -> [String]
}
