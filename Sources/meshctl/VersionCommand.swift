import ArgumentParser
import Kube
import MeshCtlKit
import Shared

/// `meshctl version`: the client's version and, when a cluster is reachable, each control plane
/// replica's (read from its monitoring port's /version through the API server).
struct VersionCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "version", abstract: "Print the client and control plane versions.")
  @OptionGroup var kube: KubeOptions
  @Flag(help: "Only the client version; do not contact the cluster.") var client = false

  func run() async throws {
    print("client version: \(MeshVersion.current)")
    guard !client else { return }
    try await kube.withClient { api in
      let pods: [KubeObject]
      do throws(KubeAPIError) {
        pods = try await api.list(.pod, namespace: kube.rootNamespace, labelSelector: "app=istiod").items
      } catch {
        throw MeshCtlError.api(error, doing: "cannot list the control plane pods")
      }
      guard !pods.isEmpty else {
        throw MeshCtlError(
          "no control plane in \(kube.rootNamespace) (no pods labelled app=istiod); run: meshctl install")
      }
      for pod in pods.sorted(by: { $0.name < $1.name }) {
        do throws(KubeAPIError) {
          let bytes = try await api.podProxyGet(
            namespace: pod.namespace, pod: pod.name, port: Int(MeshPorts.controlPlaneMonitoring), path: "/version")
          let version = (try? JSONParser.parse(bytes))?["version"]?.stringValue ?? "unreadable answer"
          print("control plane version: \(version) (\(pod.name))")
        } catch {
          print("control plane version: unknown (\(pod.name): \(error.message))")
        }
      }
    }
  }
}
