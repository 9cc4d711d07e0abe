import Foundation

/// Runs a system tool (`ip`, `nsenter`) to completion and captures its output. Each run waits on
/// a thread of its own: blocking in Swift's small cooperative pool would stall the API server
/// and informers that share it.
enum HostCommand {
  struct Output: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String]) async -> Output {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread { continuation.resume(returning: runBlocking(arguments)) }
    }
  }

  static func runBlocking(_ arguments: [String]) -> Output {
    let output: ChildPipe
    let errors: ChildPipe
    let child: ChildProcess
    do {
      output = try ChildPipe()
      errors = try ChildPipe()
      child = try ChildProcess.spawn(arguments, stdout: output.writeEnd, stderr: errors.writeEnd)
    } catch {
      return Output(status: 127, stdout: "", stderr: "cannot start \(arguments.first ?? ""): \(error)")
    }
    close(output.writeEnd)
    close(errors.writeEnd)
    // Read stderr on another thread so neither pipe can fill up and stall the tool.
    let errorText = ErrorCollector()
    let reader = Thread { errorText.set(Self.readAll(errors.readEnd)) }
    reader.start()
    let outData = Self.readAll(output.readEnd)
    let errData = errorText.wait()
    let status = child.waitBlocking()
    return Output(
      status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self)
    )
  }

  /// Everything until EOF, then closes `descriptor`.
  private static func readAll(_ descriptor: Int32) -> Data {
    defer { close(descriptor) }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
    return handle.readDataToEndOfFile()
  }

  /// Runs `step`, accepting its "already done" complaints.
  static func apply(_ step: NetworkStep) async throws(NodeRunnerError) {
    let output = await run(step.arguments)
    guard output.status != 0 else { return }
    if step.alreadyDone.contains(where: { output.stderr.contains($0) }) { return }
    throw NodeRunnerError(
      "`\(step)` failed (exit \(output.status)): \(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
        + " — the dev cluster needs root and iproute2 (apt-get install -y iproute2)")
  }

  static func apply(_ steps: [NetworkStep]) async throws(NodeRunnerError) {
    for step in steps { try await apply(step) }
  }

  /// Runs every step, collecting failures instead of stopping: teardown removes what it can.
  static func applyAll(_ steps: [NetworkStep]) async -> [NodeRunnerError] {
    var failures: [NodeRunnerError] = []
    for step in steps {
      do { try await apply(step) } catch { failures.append(error) }
    }
    return failures
  }
}

/// Hands a pipe's contents from a reader thread to the thread waiting for the process.
private final class ErrorCollector: @unchecked Sendable {
  private let condition = NSCondition()
  private var data: Data?

  func set(_ value: Data) {
    condition.lock()
    data = value
    condition.broadcast()
    condition.unlock()
  }

  func wait() -> Data {
    condition.lock()
    defer { condition.unlock() }
    while data == nil { condition.wait() }
    return data ?? Data()
  }
}
