import ArgumentParser
import Kube
import MeshCtlKit
import Shared

/// `meshctl waypoint apply|list|delete|status`, as `istioctl waypoint` does.
struct WaypointCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "waypoint", abstract: "Manage waypoint (L7) proxies.",
    subcommands: [Apply.self, List.self, Delete.self, Status.self])

  struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create or update a waypoint Gateway, optionally enrolling the namespace to use it.")
    @OptionGroup var kube: KubeOptions
    @Option(help: "The waypoint's name.") var name = WaypointSpec.defaultName
    @Option(name: .customLong("for"), help: "Traffic it takes: service, workload, all or none.")
    var trafficType: WaypointSpec.TrafficType = .service
    @Flag(help: "Label the namespace istio.io/use-waypoint=<name> so its services use it.") var enrollNamespace = false
    @Flag(help: "Wait until the waypoint is programmed (its Deployment is ready).") var wait = false
    @Option(help: "Seconds to wait with --wait.") var timeout = 120

    func run() async throws {
      try await kube.withClient { client in
        let namespace = kube.resolvedNamespace(client)
        let spec = WaypointSpec(namespace: namespace, name: name, trafficType: trafficType)
        let actions = WaypointActions(client: client) { print($0) }
        try await actions.apply(spec, enrollNamespace: enrollNamespace)
        if wait { try await actions.waitProgrammed(namespace: namespace, name: name, timeout: .seconds(timeout)) }
      }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List waypoints and what uses them.")
    @OptionGroup var kube: KubeOptions
    @OptionGroup var output: OutputOptions
    @Flag(name: [.customShort("A"), .long], help: "All namespaces.") var allNamespaces = false

    func run() async throws {
      let list = try await kube.withClient { client in
        let inventory = try await InventoryLoader(client: client, config: kube.meshConfig).load()
        return WaypointList(inventory: inventory, namespace: allNamespaces ? nil : kube.resolvedNamespace(client))
      }
      print(output.output.render(list), terminator: "")
    }
  }

  struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Delete a waypoint (its Deployment and Service go with it) and the labels that point at it.")
    @OptionGroup var kube: KubeOptions
    @Argument(help: "The waypoint's name.") var name = WaypointSpec.defaultName

    func run() async throws {
      try await kube.withClient { client in
        try await WaypointActions(client: client) { print($0) }.delete(
          namespace: kube.resolvedNamespace(client), name: name)
      }
    }
  }

  struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Whether a waypoint is programmed; waits for it with --wait. Exits 1 when it is not.")
    @OptionGroup var kube: KubeOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The waypoint's name.") var name = WaypointSpec.defaultName
    @Flag(help: "Wait until it is programmed.") var wait = false
    @Option(help: "Seconds to wait with --wait.") var timeout = 120

    func run() async throws {
      let list = try await kube.withClient { client in
        let namespace = kube.resolvedNamespace(client)
        if wait {
          try await WaypointActions(client: client) { _ in }.waitProgrammed(
            namespace: namespace, name: name, timeout: .seconds(timeout))
        }
        let inventory = try await InventoryLoader(client: client, config: kube.meshConfig).load()
        var list = WaypointList(inventory: inventory, namespace: namespace)
        list.entries = list.entries.filter { $0.name == name }
        guard !list.entries.isEmpty else {
          throw MeshCtlError(
            "no waypoint \(namespace)/\(name); create it with: meshctl waypoint apply -n \(namespace) --name \(name)")
        }
        return list
      }
      print(output.output.render(list), terminator: "")
      if list.entries.contains(where: { !$0.programmed }) { throw ExitCode(1) }
    }
  }
}

extension WaypointSpec.TrafficType: ExpressibleByArgument {}
