import ArgumentParser
import CA
import Foundation
import Logging
import Shared
import XDS

/// `waypoint-bench host`: the control plane side of `make bench-waypoint`. Serves a real CA and
/// Delta ADS on loopback with the benchmark's mesh (one Service behind the waypoint, its backend
/// outside the mesh, a route, an L7 policy and a JWT provider), writes the root, the tokens and
/// certificates the Envoys use, then waits until killed. `scripts/bench-waypoint.sh` runs the rest.
@main
struct WaypointBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "waypoint-bench", abstract: "Control plane host for the waypoint benchmark.",
    subcommands: [Host.self])

  struct Host: AsyncParsableCommand {
    @Option(help: "Directory for the root, tokens, certificates and the port file.") var dir: String
    @Option(help: "Backend address (outside the mesh) the Service's endpoint is.") var backend = "127.0.0.5:8080"
    @Option(help: "JWKS file for the RequestAuthentication provider.") var jwks: String

    func run() async throws {
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .warning
        return handler
      }
      let mesh = try BenchMesh(directory: dir)
      let backendAddress = try HostPort(backend)
      let keys = try String(contentsOfFile: jwks, encoding: .utf8)
      try mesh.publish(backend: backendAddress, jwks: keys)
      try await mesh.writeCredentials()
      let serving = Task { try await mesh.server.server.serve() }
      guard let port = try await mesh.server.listeningPort() else { throw CAError(.unavailable, "no port") }
      try "\(port)\n".write(toFile: "\(dir)/xds.port", atomically: true, encoding: .utf8)
      print("control plane on 127.0.0.1:\(port)")
      fflush(nil)
      try await serving.value
    }
  }
}
