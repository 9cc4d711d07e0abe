import ArgumentParser
import Foundation
import Shared

/// How meshctl reaches the control plane, shared by every command that talks to it.
struct ControlPlaneOptions: ParsableArguments {
  @Option(help: "Control plane address host:port.") var address = "127.0.0.1:\(MeshPorts.controlPlaneTLS)"
  @Option(help: "Root certificate(s) to verify the control plane with.") var root: String
  @Option(help: "File holding the bearer token (a service-account token).") var tokenFile: String
  @Option(help: "Cluster ID header.") var clusterID = MeshDefaults.clusterID

  func endpoint() throws -> HostPort { try HostPort(address) }

  func rootPEM() throws -> String {
    guard let pem = try? String(contentsOfFile: root, encoding: .utf8), pem.contains("BEGIN CERTIFICATE") else {
      throw ValidationError("--root \(root) is not a readable PEM file; use the mesh root (root-cert.pem)")
    }
    return pem
  }

  /// Re-reads the token file on every call, as agents do: projected tokens rotate.
  func token() -> @Sendable () throws -> String {
    let path = tokenFile
    return {
      guard let token = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ValidationError("--token-file \(path) cannot be read")
      }
      return token.trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }
}
