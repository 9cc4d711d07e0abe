import DevCluster
import Foundation
import Logging
import MeshTestSupport
import Testing

/// A dev API server in a temporary directory, and the built `meshctl` and `kubectl` pointed at
/// it: commands run as users run them, output and exit status included.
final class MeshCtlHarness: Sendable {
  let directory: TempDir
  let server: DevAPIServer

  init() async throws {
    directory = try TempDir()
    server = DevAPIServer(
      config: DevAPIServerConfig(stateDirectory: directory.path("state")), logger: Logger(label: "test.meshctl.api"))
    _ = try await server.start()
    try FileManager.default.createDirectory(atPath: directory.path("home"), withIntermediateDirectories: true)
  }

  func stop() async { await server.shutdown() }

  /// `meshctl` is built beside the test bundle (`swift build --build-tests` builds every product).
  static let binary: String = {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [directory, directory.deletingLastPathComponent()] {
      let path = candidate.appendingPathComponent("meshctl").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return ".build/debug/meshctl"
  }()

  var environment: [String] { ["env", "HOME=\(directory.path("home"))", "KUBECONFIG=\(server.kubeconfigPath)"] }

  func meshctl(_ arguments: [String], input: String? = nil) async throws -> Tool.Result {
    try await Tool.run(environment + [Self.binary] + arguments, input: input)
  }

  /// `meshctl` that must succeed; its standard output.
  @discardableResult
  func meshctlOK(_ arguments: [String]) async throws -> String {
    let result = try await meshctl(arguments)
    guard result.status == 0 else {
      throw CommandFailure(
        "meshctl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)\(result.stdout)")
    }
    return result.stdout
  }

  @discardableResult
  func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
    let result = try await Tool.run(environment + ["kubectl"] + arguments, input: input)
    guard result.status == 0 else {
      throw CommandFailure("kubectl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
    }
    return result.stdout
  }

  /// Sets a pod's status as a kubelet would (the API-server-only cluster has no nodes).
  func setPodStatus(_ namespace: String, _ name: String, ip: String) async throws {
    let patch =
      #"{"status":{"phase":"Running","podIP":"\#(ip)","podIPs":[{"ip":"\#(ip)"}],"conditions":[{"type":"Ready","status":"True"}]}}"#
    try await kubectl(["patch", "pod", "-n", namespace, name, "--subresource=status", "--type=merge", "-p", patch])
  }
}

/// A command that should have succeeded, with what it printed.
struct CommandFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
