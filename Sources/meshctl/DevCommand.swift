import ArgumentParser
import DevCluster
import Foundation
import Logging
import ServiceLifecycle

/// `meshctl dev`: the embedded dev cluster. `up` runs all of it (nodes and pods in network
/// namespaces, API server, controllers, DNS, service proxy); `apiserver` serves only the API.
struct DevCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dev", abstract: "Run the embedded dev cluster.",
    subcommands: [DevUp.self, DevDown.self, DevStatus.self, DevHttpbin.self, APIServer.self])

  struct APIServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "apiserver",
      abstract: "Serve the dev cluster's Kubernetes API (TLS on loopback) until interrupted.",
      discussion: "Writes a kubeconfig to <state-dir>/kubeconfig: use it with kubectl --kubeconfig or KUBECONFIG.")

    @Option(help: "Directory for the API server's data, certificates and kubeconfig.") var stateDir = ".mesh/dev"
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 6443
    @Option(help: "Log level: trace, debug, info, warning, error.") var logLevel = "info"

    func run() async throws {
      let level = Logger.Level(rawValue: logLevel) ?? .info
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
      }
      var config = DevAPIServerConfig(stateDirectory: stateDir)
      config.host = host
      config.port = port
      let logger = Logger(label: "mesh.dev.apiserver")
      let server = DevAPIServer(config: config, logger: logger)
      let bound = try await server.start()
      print("dev API server listening on https://\(host):\(bound)")
      print("kubeconfig: \(server.kubeconfigPath)  (export KUBECONFIG=\(server.kubeconfigPath))")
      fflush(nil)  // all streams: the lines above must reach a pipe before the server blocks
      let group = ServiceGroup(
        configuration: .init(
          services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
      try await group.run()
    }
  }
}
