import DevCluster
import Foundation
import Synchronization

/// A `PodProcessHost` for tests that runs commands as ordinary host processes (no network
/// namespaces) for the pods it was told about: the same contract the node runner fulfils, so the
/// API server's exec and log paths are exercised end to end with real processes and real kubectl.
final class ExecTestProcessHost: PodProcessHost {
  private struct Pod {
    var containers: [String]
    var running: Bool
    var logs: [String: ExecTestContainerLog]
  }

  private let pods = Mutex<[String: Pod]>([:])

  /// Registers a pod (created through the API) whose `containers` accept exec.
  func addPod(namespace: String, name: String, containers: [String] = ["app"], running: Bool = true) {
    let logs = Dictionary(uniqueKeysWithValues: containers.map { ($0, ExecTestContainerLog()) })
    pods.withLock { $0["\(namespace)/\(name)"] = Pod(containers: containers, running: running, logs: logs) }
  }

  /// Runs `command` as the container's main process: what it writes (stdout and stderr) is the
  /// container's log, which ends when the process exits.
  func startContainer(namespace: String, pod: String, container: String = "app", command: [String]) throws {
    guard let log = pods.withLock({ $0["\(namespace)/\(pod)"]?.logs[container] }) else {
      throw PodProcessError(.containerNotFound, "no container \(container) in test pod \(namespace)/\(pod)")
    }
    let output = try ChildPipe()
    _ = try ChildProcess.spawn(command, stdout: output.writeEnd, stderr: output.writeEnd)
    close(output.writeEnd)
    Task {
      for await chunk in ChildPipe.stream(output.readEnd) { log.append(chunk) }
      log.finish()
    }
  }

  func exec(_ request: PodExecRequest) async throws(PodProcessError) -> PodExecSession {
    let pod = try knownPod(request.namespace, request.pod, container: request.container)
    guard pod.running else {
      throw PodProcessError(.notRunning, "pod \(request.pod) is not running in the test host")
    }
    guard let executable = request.command.first, Self.resolve(executable) != nil else {
      throw PodProcessError(
        .commandNotFound,
        "exec: \"\(request.command.first ?? "")\": executable file not found in $PATH")
    }
    do {
      return try ExecTestProcess.start(request.command, stdin: request.stdin)
    } catch {
      throw PodProcessError(.commandNotFound, "cannot start \(request.command): \(error)")
    }
  }

  func logs(_ request: PodLogRequest) async throws(PodProcessError) -> AsyncStream<[UInt8]> {
    let pod = try knownPod(request.namespace, request.pod, container: request.container)
    guard let log = pod.logs[request.container ?? pod.containers.first ?? ""] else {
      throw PodProcessError(.containerNotFound, "no log for container \(request.container ?? "")")
    }
    return log.stream(follow: request.follow, tailLines: request.tailLines)
  }

  private func knownPod(_ namespace: String, _ name: String, container: String?) throws(PodProcessError) -> Pod {
    guard let pod = pods.withLock({ $0["\(namespace)/\(name)"] }) else {
      throw PodProcessError(.podNotFound, "pods \"\(name)\" not found")
    }
    if let container, !pod.containers.contains(container) {
      throw PodProcessError(.containerNotFound, "container \(container) is not valid for pod \(name)")
    }
    return pod
  }

  private static func resolve(_ executable: String) -> String? {
    if executable.contains("/") { return FileManager.default.isExecutableFile(atPath: executable) ? executable : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(executable)" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }
}
