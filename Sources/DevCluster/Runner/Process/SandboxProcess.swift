import Foundation

/// A process started inside a pod's sandbox: a container's main process (output appended to its
/// log file) or an exec (output on pipes). A `ChildProcess`, not Foundation's `Process`: see there
/// why a container must never inherit another child's descriptors.
final class SandboxProcess: Sendable {
  let child: ChildProcess

  /// Where the process's stdio goes.
  enum Output {
    /// stdout and stderr appended, interleaved, to this file; stdin is /dev/null.
    case logFile(String)
    /// The child's ends of pipes (nil stdin: /dev/null); the caller closes its copies after start.
    case descriptors(stdin: Int32?, stdout: Int32, stderr: Int32)
  }

  private init(child: ChildProcess) { self.child = child }

  /// Starts `argv` (already wrapped by `PodSandbox.argv`) with exactly `environment`.
  static func start(
    _ argv: [String], environment: [String: String], workingDirectory: String, output: Output
  ) throws(NodeRunnerError) -> SandboxProcess {
    do {
      switch output {
      case .logFile(let path):
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
          throw NodeRunnerError("cannot open the container log \(path): \(String(cString: strerror(errno)))")
        }
        // The child holds its own copies; ours closes once it is started.
        defer { close(descriptor) }
        return SandboxProcess(
          child: try ChildProcess.spawn(
            argv, environment: environment, workingDirectory: workingDirectory, stdout: descriptor, stderr: descriptor))
      case .descriptors(let stdin, let stdout, let stderr):
        return SandboxProcess(
          child: try ChildProcess.spawn(
            argv, environment: environment, workingDirectory: workingDirectory, stdin: stdin, stdout: stdout,
            stderr: stderr))
      }
    } catch let error as NodeRunnerError {
      throw error
    } catch {
      throw NodeRunnerError("cannot start \(argv.joined(separator: " ")): \(error)")
    }
  }

  /// The exit code (128 + signal), once the process ended.
  func exitCode() async -> Int32 { await child.exitCode() }

  var isRunning: Bool { child.isRunning }

  func signal(_ number: Int32) { child.signal(number) }
}
