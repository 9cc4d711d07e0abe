import ArgumentParser
import Kube
import MeshCtlKit

/// `meshctl describe pod NAME`: is it in the mesh and why, its identity, ztunnel, waypoint, the
/// policies that apply and, with `--from`, their verdict for a source pod.
struct DescribeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "describe", abstract: "Explain how the mesh treats an object.", subcommands: [Pod.self])

  struct Pod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Enrollment, identity, ztunnel, waypoint, policies and certificate of a pod.",
      discussion: "Example: meshctl describe pod -n ambient-apps httpbin-ambient-7d9 --from ambient-apps/sleep-5f4")

    @OptionGroup var kube: KubeOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The pod's name (or namespace/name).") var name: String
    @Option(help: "A source pod (namespace/name, or name in --namespace): show the L4 verdict for its connections.")
    var from: String?
    @Option(help: "Destination port for --from (default: the pod's first service target port).") var port: Int?

    func run() async throws {
      try await kube.withClient { client in
        let namespace = kube.resolvedNamespace(client)
        let inventory = try await InventoryLoader(client: client, config: kube.meshConfig).load()
        let target = PodDescriber.PodRef(parsing: name, defaultNamespace: namespace)
        var description = try PodDescriber.describe(
          target, inventory: inventory, snapshot: inventory.translate(),
          from: from.map { PodDescriber.PodRef(parsing: $0, defaultNamespace: namespace) }, port: port)
        if description.enrollment.enrolled, let ztunnel = description.ztunnel {
          description.certificate = await certificate(
            of: description, ztunnel: ztunnel, client: client, inventory: inventory)
        }
        print(output.output.render(description), terminator: "")
      }
    }

    /// The pod's certificate as its ztunnel's dump shows it; a failure to read is shown, not fatal.
    func certificate(
      of description: PodDescription, ztunnel: String, client: KubeClient, inventory: MeshInventory
    ) async -> PodDescription.CertificateState {
      let admin = ZtunnelAdmin(client: client, inventory: inventory)
      do {
        let pod = try admin.resolve(String(ztunnel.split(separator: "/").last ?? ""))
        let dump = try await admin.configDump(of: pod)
        return CertificateLookup.state(identity: description.identity, dump: dump)
      } catch {
        return PodDescription.CertificateState(state: "unknown (\(error))")
      }
    }
  }
}
