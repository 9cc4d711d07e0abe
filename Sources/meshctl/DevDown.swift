import ArgumentParser
import DevCluster
import Foundation

/// `meshctl dev down`: removes what a dev cluster left (after a crash or a kill -9): processes in
/// its namespaces, the pod and node namespaces, the veths and routes, the bridge.
struct DevDown: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "down", abstract: "Remove what a previous `meshctl dev up` left behind (namespaces, bridge, rules).")

  @OptionGroup var options: DevOptions

  func run() async throws {
    let failures = try await DevCluster.removeLeftovers(config: options.config())
    for failure in failures { print("warning: \(failure)") }
    print(
      "dev cluster \(options.cluster): network namespaces, veths and bridge "
        + "\(DevCluster.bridgeName(cluster: options.cluster)) removed")
  }
}
