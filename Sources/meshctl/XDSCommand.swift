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

    @Option(help: "Control plane address host:port.") var address = "127.0.0.1:\(MeshPorts.controlPlaneTLS)"
    @Option(help: "Root certificate(s) to verify the control plane with.") var root: String
    @Option(help: "File holding the bearer token.") var tokenFile: String
    @Option(help: "Seconds to wait for the first push.") var timeout = 10

    final class Collector: XDSTypeHandler, Sendable {
      let typeURL: String
      let lines = Mutex<[String: String]>([:])
      init(_ typeURL: String) { self.typeURL = typeURL }

      func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
        var rejected: [String: String] = [:]
        var decoded: [String: String] = [:]
        for r in upserts {
          do {
            decoded[r.name] = try describe(r)
          } catch {
            rejected[r.name] = "\(error)"
          }
        }
        lines.withLock { l in
          l.merge(decoded) { _, new in new }
          for name in removals { l[name] = nil }
        }
        return rejected
      }

      private func describe(_ r: ReceivedResource) throws -> String {
        if typeURL == XDSTypeURL.authorization {
          let p = try AuthorizationPolicy(wire: try Istio_Security_Authorization(serializedBytes: r.payload))
          return "policy    \(p.key) \(p.action.rawValue) scope=\(p.scope.rawValue) rules=\(p.rules.count)"
        }
        switch try MeshAddress(wire: try Istio_Workload_Address(serializedBytes: r.payload), resourceName: r.name) {
        case .workload(let w):
          return "workload  \(w.uid) \(w.addresses.map(\.description).joined(separator: ",")) node=\(w.node) "
            + "sa=\(w.serviceAccount) tunnel=\(w.tunnelProtocol.rawValue)"
        case .service(let s):
          return
            "service   \(s.resourceName) \(s.addresses.map(\.description).joined(separator: ",")) ports=\(s.ports.count)"
        }
      }
    }

    func run() async throws {
      let endpoint = try HostPort(address)
      let tokenPath = tokenFile
      let addresses = Collector(XDSTypeURL.address)
      let policies = Collector(XDSTypeURL.authorization)
      let client = DeltaADSClient(
        config: XDSClientConfig(
          host: endpoint.host, port: endpoint.port, rootPEM: try String(contentsOfFile: root, encoding: .utf8),
          token: {
            try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
          },
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
          "no push from \(address) within \(timeout)s: check the address, root and token (see its log)")
      }
      let all = addresses.lines.withLock { $0 }.merging(policies.lines.withLock { $0 }) { a, _ in a }
      for line in all.values.sorted() { print(line) }
      print("\(addresses.lines.withLock { $0.count }) addresses, \(policies.lines.withLock { $0.count }) policies")
    }
  }
}
