import Foundation
import Synchronization

/// A process started inside a pod's sandbox: a container's main process (output appended to its
/// log file) or an exec (output on pipes).
/// `@unchecked`: after `run()` the `Process` is only read (its pid); exit is reported through
/// `ExitStatus`, which is synchronized.
final class SandboxProcess: @unchecked Sendable {
  private let process: Process
  let exit = ExitStatus()

  /// Where the process's stdio goes.
  enum Output {
    /// stdout and stderr appended, interleaved, to this file; stdin is /dev/null.
    case logFile(String)
    /// Pipes for all three, handed to the caller.
    case pipes(stdin: Pipe?, stdout: Pipe, stderr: Pipe)
  }

  var pid: Int32 { process.processIdentifier }

  private init(process: Process) { self.process = process }

  /// Starts `argv` (already wrapped by `PodSandbox.argv`) with exactly `environment`.
  static func start(
    _ argv: [String], environment: [String: String], workingDirectory: String, output: Output
  ) throws(NodeRunnerError) -> SandboxProcess {
    let process = Process()
    process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = argv
    process.environment = environment
    switch output {
    case .logFile(let path):
      let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else {
        throw NodeRunnerError("cannot open the container log \(path): \(String(cString: strerror(errno)))")
      }
      let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
      process.standardOutput = handle
      process.standardError = handle
      process.standardInput = FileHandle.nullDevice
    case .pipes(let stdin, let stdout, let stderr):
      process.standardInput = stdin ?? FileHandle.nullDevice
      process.standardOutput = stdout
      process.standardError = stderr
    }
    let sandboxProcess = SandboxProcess(process: process)
    let exit = sandboxProcess.exit
    process.terminationHandler = { process in
      exit.set(
        process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus)
    }
    do { try process.run() } catch {
      throw NodeRunnerError("cannot start \(argv.joined(separator: " ")): \(error)")
    }
    if case .logFile = output {
      // The child holds its own copy of the descriptor; ours closes with the handle.
      (process.standardOutput as? FileHandle).map { try? $0.close() }
    }
    return sandboxProcess
  }

  var isRunning: Bool { exit.code == nil }

  func signal(_ number: Int32) {
    guard isRunning else { return }
    kill(process.processIdentifier, number)
  }
}
