/// A running exec: feed stdin, read stdout/stderr until they finish, then the exit code.
public struct PodExecSession: Sendable {
  /// Writes to the process's stdin; `nil` closes it (EOF).
  public let writeStdin: @Sendable ([UInt8]?) async -> Void
  public let stdout: AsyncStream<[UInt8]>
  public let stderr: AsyncStream<[UInt8]>
  /// Waits for the process to end; the exit status (128 + signal when killed by a signal).
  public let exitCode: @Sendable () async -> Int32
  /// Kills the process (the client went away).
  public let terminate: @Sendable () -> Void

  public init(
    writeStdin: @escaping @Sendable ([UInt8]?) async -> Void, stdout: AsyncStream<[UInt8]>,
    stderr: AsyncStream<[UInt8]>, exitCode: @escaping @Sendable () async -> Int32,
    terminate: @escaping @Sendable () -> Void
  ) {
    self.writeStdin = writeStdin
    self.stdout = stdout
    self.stderr = stderr
    self.exitCode = exitCode
    self.terminate = terminate
  }
}
