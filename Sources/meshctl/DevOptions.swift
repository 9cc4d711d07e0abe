import ArgumentParser
import DevCluster
import Logging

/// Options `dev up`, `dev down` and `dev status` share: they must agree on where the state is and
/// which cluster (netns and interface names) they mean.
struct DevOptions: ParsableArguments {
  @Option(help: "Directory for the cluster's state: API data, certificates, kubeconfig, pod files.")
  var stateDir = ".mesh/dev"
  @Option(help: "Cluster name (1-8 characters a-z0-9): part of every netns and interface name.")
  var cluster = "dev"

  func config(nodes: Int = 2, binDir: String = ".build/debug") -> DevClusterConfig {
    DevClusterConfig(stateDirectory: stateDir, nodeCount: nodes, binDirectory: binDir, cluster: cluster)
  }

  static func bootstrapLogging(_ levelName: String) {
    let level = Logger.Level(rawValue: levelName) ?? .info
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
  }
}
