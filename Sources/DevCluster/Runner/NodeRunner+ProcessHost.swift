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
    let pipes: (input: ChildPipe?, output: ChildPipe, errors: ChildPipe)
    do {
      pipes = (request.stdin ? try ChildPipe() : nil, try ChildPipe(), try ChildPipe())
    } catch {
      throw PodProcessError(.unavailable, error.message)
    }
    let process: SandboxProcess
    do {
      process = try SandboxProcess.start(
        placement.sandbox.argv(request.command, mounts: placement.mounts[container] ?? []), environment: environment,
        workingDirectory: runtime.spec.containers.first { $0.name == container }?.workingDir ?? "/",
        output: .descriptors(
          stdin: pipes.input?.readEnd, stdout: pipes.output.writeEnd, stderr: pipes.errors.writeEnd))
    } catch {
      for descriptor in [
        pipes.input?.readEnd, pipes.input?.writeEnd, pipes.output.readEnd, pipes.output.writeEnd,
        pipes.errors.readEnd, pipes.errors.writeEnd,
      ].compactMap({ $0 }) { close(descriptor) }
      throw PodProcessError(.unavailable, error.message)
    }
    // Our copies of the child's ends must close, or the streams never see EOF.
    close(pipes.output.writeEnd)
    close(pipes.errors.writeEnd)
    if let input = pipes.input { close(input.readEnd) }
    let stdout = ChildPipe.stream(pipes.output.readEnd)
    let stderr = ChildPipe.stream(pipes.errors.readEnd)
    // The write end, while open; -1 once closed (end of input, or the command stopped reading).
    let writer = Mutex<Int32>(pipes.input?.writeEnd ?? -1)
    if pipes.input != nil {
      // A command that ends before its input does: our end closes too (a blocked write has
      // failed with EPIPE by then, so the lock is free).
      Task {
        _ = await process.exitCode()
        Thread.detachNewThread {
          writer.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
          }
        }
      }
    }
    return PodExecSession(
      writeStdin: { bytes in
        // Pipe writes block: keep them off Swift's cooperative threads.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
          Thread.detachNewThread {
            writer.withLock { descriptor in
              guard descriptor >= 0 else { return }
              if let bytes, ChildPipe.write(bytes, to: descriptor) { return }
              close(descriptor)
              descriptor = -1
            }
            done.resume()
          }
        }
      },
      stdout: stdout, stderr: stderr, exitCode: { await process.exitCode() },
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
}
