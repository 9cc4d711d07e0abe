import ArgumentParser
import CA
import Foundation
import Shared

/// `meshctl ca fetch`: request a workload certificate exactly as an agent would, to check that
/// the CA, its TLS, the caller's token and the identity rules work.
struct CACommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ca", abstract: "Talk to the mesh CA.", subcommands: [Fetch.self])

  struct Fetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Request a certificate from the CA and save it.")

    @OptionGroup var controlPlane: ControlPlaneOptions
    @Option(help: "SPIFFE id to request (must be the token's own unless impersonating as a node agent).")
    var identity: String
    @Flag(help: "Ask as a node agent on behalf of --identity (ImpersonatedIdentity).") var impersonate = false
    @Option(help: "Requested lifetime in seconds (0 = CA default).") var ttl: Int64 = 0
    @Option(help: "Directory to write cert-chain.pem, key.pem and root-cert.pem to.") var out: String

    func run() async throws {
      let id = try SpiffeIdentity(parsing: identity)
      let endpoint = try controlPlane.endpoint()
      let source = try GRPCCertificateSource(
        host: endpoint.host, port: endpoint.port, rootPEM: try controlPlane.rootPEM(),
        clusterID: controlPlane.clusterID, token: controlPlane.token())
      let manager = CertificateManager(
        source: source, ownIdentity: impersonate ? nil : id, ttlSeconds: ttl)
      let cert = try await withThrowingTaskGroup(of: WorkloadCertificate?.self) { group in
        group.addTask {
          try await source.run()
          return nil
        }
        defer { source.close() }
        return try await manager.certificate(for: id)
      }
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      try cert.chainPEMs.joined().write(toFile: "\(out)/cert-chain.pem", atomically: true, encoding: .utf8)
      try cert.privateKey.pemRepresentation.write(toFile: "\(out)/key.pem", atomically: true, encoding: .utf8)
      try cert.rootPEM.write(toFile: "\(out)/root-cert.pem", atomically: true, encoding: .utf8)
      print("\(id): serial \(cert.serialNumber), valid until \(cert.notAfter), written to \(out)")
    }
  }
}
