import ArgumentParser
import DevCluster
import Foundation
import Kube

/// `meshctl dev status`: the nodes and pods of the running dev cluster, as its API reports them.
struct DevStatus: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Show the running dev cluster's nodes and pods.")

  @OptionGroup var options: DevOptions

  func run() async throws {
    let path = "\(options.stateDir)/apiserver/kubeconfig"
    guard FileManager.default.fileExists(atPath: path) else {
      print("no dev cluster running (no kubeconfig at \(path); start one with `meshctl dev up`)")
      return
    }
    let client: KubeClient
    let nodes: KubeList
    let pods: KubeList
    do {
      client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: path))
      nodes = try await client.list(.node)
      pods = try await client.list(.pod)
    } catch {
      print("no dev cluster running (the API server in \(path) does not answer: \(error))")
      return
    }
    defer { Task { await client.shutdown() } }
    print("kubeconfig: \(path)")
    print("NODES")
    for node in nodes.items {
      let ready = node.status?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
      let address = node.status?["addresses"]?.arrayValue?.first?["address"]?.stringValue ?? ""
      print("  \(node.name)  Ready=\(ready?["status"]?.stringValue ?? "Unknown")  \(address)")
    }
    print("PODS")
    for pod in pods.items {
      let phase = pod.status?["phase"]?.stringValue ?? "Pending"
      let ip = pod.status?["podIP"]?.stringValue ?? "-"
      let node = pod.json.value(at: ["spec", "nodeName"])?.stringValue ?? "-"
      print("  \(pod.namespace)/\(pod.name)  \(phase)  \(ip)  \(node)")
    }
  }
}
