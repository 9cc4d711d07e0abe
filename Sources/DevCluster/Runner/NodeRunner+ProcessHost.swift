import Foundation
import Synchronization

/// `kubectl exec` and `kubectl logs` for the pods this runner runs.
extension NodeRunner {
  public func exec(_ request: PodExecRequest) async throws(PodProcessError) -> PodExecSession {
    let (runtime, container) = try find(request.namespace, request.pod, container: request.container)
    guard let placement = runtime.placement, !runtime.isStopping else {
      throw PodProcessError(
        .notRunning, "pod \(request.pod) in namespace \(request.namespace) is not running (no sandbox on this node)")
    }
    let environment = placement.environments[container] ?? [:]
    guard let executable = request.command.first,
      Self.resolve(executable, path: environment["PATH"] ?? "/usr/bin:/bin") != nil
    else {
      throw PodProcessError(
        .commandNotFound, "exec: \"\(request.command.first ?? "")\": executable file not found in $PATH")
    }
    let input = request.stdin ? Pipe() : nil
    let output = Pipe()
    let errors = Pipe()
    let (stdout, stdoutSink) = AsyncStream<[UInt8]>.makeStream()
    let (stderr, stderrSink) = AsyncStream<[UInt8]>.makeStream()
    Self.pump(output, into: stdoutSink)
    Self.pump(errors, into: stderrSink)
    let process: SandboxProcess
    do {
      process = try SandboxProcess.start(
        placement.sandbox.argv(request.command, mounts: placement.mounts[container] ?? []), environment: environment,
        workingDirectory: runtime.spec.containers.first { $0.name == container }?.workingDir ?? "/", output: .pipes(stdin: input, stdout: output, stderr: errors))
    } catch {
      throw PodProcessError(.unavailable, error.message)
    }
    // Our copies of the child's ends must close, or the streams never see EOF.
    try? output.fileHandleForWriting.close()
    try? errors.fileHandleForWriting.close()
    try? input?.fileHandleForReading.close()
    let writer = input?.fileHandleForWriting
    let stdinOpen = Mutex(writer != nil)
    return PodExecSession(
      writeStdin: { bytes in
        guard let writer else { return }
        // Pipe writes block: keep them off Swift's cooperative threads.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
          Thread.detachNewThread {
            stdinOpen.withLock { open in
              guard open else { return }
              if let bytes {
                if (try? writer.write(contentsOf: bytes)) == nil { open = false }
              } else {
                try? writer.close()
                open = false
              }
            }
            done.resume()
          }
        }
      },
      stdout: stdout, stderr: stderr, exitCode: { await process.exit.wait() },
      terminate: { process.signal(SIGKILL) })
  }

  public func logs(_ request: PodLogRequest) async throws(PodProcessError) -> AsyncStream<[UInt8]> {
    let (runtime, container) = try find(request.namespace, request.pod, container: request.container)
    let path = runtime.logPath(container: container)
    guard FileManager.default.fileExists(atPath: path) else {
      let reason = runtime.state.withLock { $0.rejection?.message } ?? "it has not started yet"
      throw PodProcessError(
        .notRunning, "container \"\(container)\" in pod \"\(request.pod)\" has no output: \(reason)")
    }
    let (stream, sink) = AsyncStream<[UInt8]>.makeStream()
    let task = Task {
      await ContainerLogReader.stream(
        path: path, tailLines: request.tailLines, follow: request.follow, into: sink,
        running: { !runtime.isStopping && runtime.state.withLock { $0.processes[container]?.isRunning ?? false } })
    }
    sink.onTermination = { _ in task.cancel() }
    return stream
  }

  private func find(
    _ namespace: String, _ name: String, container: String?
  ) throws(PodProcessError) -> (PodRuntime, String) {
    guard let runtime = runtime(namespace: namespace, name: name) else {
      throw PodProcessError(.podNotFound, "pods \"\(name)\" not found in namespace \(namespace) on this dev cluster")
    }
    let names = runtime.spec.containers.map(\.name)
    let chosen = container ?? names.first ?? ""
    guard names.contains(chosen) else {
      throw PodProcessError(
        .containerNotFound,
        "container \(chosen) is not valid for pod \(name); choose one of: \(names.joined(separator: ", "))")
    }
    return (runtime, chosen)
  }

  static func resolve(_ executable: String, path: String) -> String? {
    if executable.contains("/") { return FileManager.default.isExecutableFile(atPath: executable) ? executable : nil }
    return path.split(separator: ":").map { "\($0)/\(executable)" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  private static func pump(_ pipe: Pipe, into sink: AsyncStream<[UInt8]>.Continuation) {
    pipe.fileHandleForReading.readabilityHandler = { handle in
      let data = handle.availableData
      if data.isEmpty {
        handle.readabilityHandler = nil
        sink.finish()
      } else {
        sink.yield(Array(data))
      }
    }
  }
}
