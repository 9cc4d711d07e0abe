import ArgumentParser
import Foundation
import Shared
import Synchronization
import XDS

/// `meshctl xds dump`: subscribe to the control plane exactly as a ztunnel does (Delta ADS,
/// wildcard) and print what it would receive, to see the mesh through an agent's eyes.
struct XDSCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "xds", abstract: "Inspect what the control plane pushes to agents.", subcommands: [Dump.self])

  struct Dump: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the workloads, services and policies pushed.")

    @OptionGroup var controlPlane: ControlPlaneOptions
    @Option(help: "Seconds to wait for the first push.") var timeout = 10

    func run() async throws {
      let endpoint = try controlPlane.endpoint()
      let addresses = XDSDumpCollector(XDSTypeURL.address)
      let policies = XDSDumpCollector(XDSTypeURL.authorization)
      let client = DeltaADSClient(
        config: XDSClientConfig(
          host: endpoint.host, port: endpoint.port, rootPEM: try controlPlane.rootPEM(),
          clusterID: controlPlane.clusterID, token: controlPlane.token(),
          nodeID: "meshctl~0.0.0.0~meshctl.local~local.svc.cluster.local"),
        subscriptions: [
          .init(typeURL: XDSTypeURL.address, handler: addresses),
          .init(typeURL: XDSTypeURL.authorization, handler: policies),
        ])
      let ready = try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
          await client.run()
          return false
        }
        group.addTask {
          await client.waitUntilReady()
          return true
        }
        group.addTask {
          try await Task.sleep(for: .seconds(timeout))
          return false
        }
        defer { group.cancelAll() }
        return try await group.next() ?? false
      }
      guard ready else {
        throw ValidationError(
          "no push from \(controlPlane.address) within \(timeout)s: check the address, root and token (see its log)")
      }
      let all = addresses.lines.withLock { $0 }.merging(policies.lines.withLock { $0 }) { a, _ in a }
      for line in all.values.sorted() { print(line) }
      print("\(addresses.lines.withLock { $0.count }) addresses, \(policies.lines.withLock { $0.count }) policies")
    }
  }
}
