import ArgumentParser
import MeshCtlKit
import Shared

/// `meshctl proxy-config workloads|services|policies|certificates|all <ztunnel-pod|node>`: what
/// one ztunnel believes, read from its admin `/config_dump` through the API server.
struct ProxyConfigCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "proxy-config", abstract: "Show what a ztunnel was configured with (its /config_dump).",
    discussion: "Example: meshctl proxy-config workloads node-1")

  @OptionGroup var kube: KubeOptions
  @OptionGroup var output: OutputOptions
  @Argument(help: "What to show: workloads, services, policies, certificates or all.")
  var section: ProxyConfigSection
  @Argument(help: "A ztunnel pod name, or the node whose ztunnel to ask.") var target: String
  @Option(help: ArgumentHelp("The ztunnel admin port.", visibility: .hidden)) var adminPort = Int(MeshPorts.admin)

  func run() async throws {
    let report = try await kube.withClient { client in
      let inventory = try await InventoryLoader(client: client, config: kube.meshConfig).load()
      let admin = ZtunnelAdmin(client: client, inventory: inventory, port: adminPort)
      let pod = try admin.resolve(target)
      return try section.report(from: try await admin.configDump(of: pod), ztunnel: "\(pod.namespace)/\(pod.name)")
    }
    print(output.output.render(report), terminator: "")
  }
}

extension ProxyConfigSection: ExpressibleByArgument {}
