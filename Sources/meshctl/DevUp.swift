import ArgumentParser
import DevCluster
import Foundation
import Logging

/// `meshctl dev up`: the dev cluster in the foreground until SIGINT/SIGTERM, then torn down.
struct DevUp: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "up",
    abstract: "Run the dev cluster (nodes, pods, API server, controllers, DNS, service proxy) until interrupted.",
    discussion: """
      Needs root. Nodes and pods are network namespaces on a host bridge; pods run as host processes. \
      Images of the project (ghcr.io/ambient-mesh/{controlplane,ztunnel,waypoint}) run the binaries in \
      --bin-dir; curlimages/curl runs the host's tools; docker.io/kennethreitz/httpbin runs `meshctl dev httpbin`. \
      Prints the kubeconfig path; Ctrl-C stops every pod and removes the network.
      """)

  @OptionGroup var options: DevOptions
  @Option(help: "Number of nodes.") var nodes = 2
  @Option(help: "Where the project's binaries are (what project images run).") var binDir = ".build/debug"
  @Option(help: "Log level: trace, debug, info, warning, error.") var logLevel = "info"

  func run() async throws {
    // A plain error (not a usage error): the message says what to do, no usage text needed.
    try HostRequirements.check()
    DevOptions.bootstrapLogging(logLevel)
    var config = options.config(nodes: nodes, binDir: Self.absolute(binDir))
    config.stateDirectory = Self.absolute(options.stateDir)
    let cluster = try DevCluster(config: config, logger: Logger(label: "mesh.dev"))
    try await cluster.start()
    print("dev cluster \(config.cluster) is up: \(nodes) node(s), API \(cluster.server.serverURL)")
    print("kubeconfig: \(cluster.kubeconfigPath)  (export KUBECONFIG=\(cluster.kubeconfigPath))")
    print("Ctrl-C (SIGINT) or SIGTERM stops it and removes its network.")
    fflush(nil)  // the lines above must reach a pipe before the cluster runs
    let signal = await DevSignals.wait()
    print("signal \(signal): stopping the dev cluster")
    fflush(nil)
    await cluster.shutdown()
  }

  /// Pods start from other directories: paths they get must not be relative.
  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }
}
