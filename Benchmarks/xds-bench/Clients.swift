import ArgumentParser
import Foundation
import Shared
import XDS

/// The subscriber side: `count` Delta ADS clients over TLS, each with its own connection,
/// applying pushes by counting them (the agent's own decode cost is not the control plane's).
struct Clients: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Run subscribers until stdin closes.")

  @Option var port: Int
  @Option var root: String
  @Option var count = 100
  @Flag(help: "Subscribers that only ACK, without decoding resources.") var light = false

  struct CountingHandler: XDSTypeHandler {
    func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] { [:] }
  }

  func run() async throws {
    let rootPEM = try String(contentsOfFile: root, encoding: .utf8)
    await withTaskGroup(of: Void.self) { group in
      for i in 0..<count where light {
        group.addTask { try? await LightSubscriber.run(port: port, rootPEM: rootPEM, index: i) }
      }
      for i in 0..<count where !light {
        let client = DeltaADSClient(
          config: XDSClientConfig(
            host: "127.0.0.1", port: port, rootPEM: rootPEM, token: { BenchSetup.token },
            nodeID: "ztunnel~10.1.0.\(i)~ztunnel-\(i).istio-system~istio-system.svc.cluster.local"),
          subscriptions: [.init(typeURL: XDSTypeURL.address, handler: CountingHandler())])
        group.addTask { await client.run() }
      }
      group.addTask {
        // The parent closes our stdin to stop us.
        _ = FileHandle.standardInput.readDataToEndOfFile()
      }
      await group.next()
      group.cancelAll()
    }
  }
}
