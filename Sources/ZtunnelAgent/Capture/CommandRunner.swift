import Foundation
import Synchronization

/// Runs a helper program (`nsenter`, `iptables-restore`) with optional stdin and collects its
/// output, on a thread of its own: waiting for a child process must never block Swift's small
/// cooperative pool, where the agent's event handling runs.
struct CommandRunner: Sendable {
  struct Output: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// Runs `arguments` (looked up on PATH) and returns when it exits.
  static func run(_ arguments: [String], input: String? = nil) async throws -> Output {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(with: Result { try runBlocking(arguments, input: input) })
      }
    }
  }

  static func runBlocking(_ arguments: [String], input: String?) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let stdout = Pipe()
    let stderr = Pipe()
    let stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = stdin
    try process.run()
    // stderr is drained on its own thread so a chatty child cannot block on a full pipe while
    // this thread waits for stdout.
    let errorBytes = ByteSink()
    let errorDone = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      errorBytes.set(stderr.fileHandleForReading.readDataToEndOfFile())
      errorDone.signal()
    }
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let outData = stdout.fileHandleForReading.readDataToEndOfFile()
    errorDone.wait()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errorBytes.get(), as: UTF8.self))
  }

  /// Hands the stderr bytes from the reader thread to the waiting one.
  private final class ByteSink: Sendable {
    private let data = Mutex(Data())
    func set(_ value: Data) { data.withLock { $0 = value } }
    func get() -> Data { data.withLock { $0 } }
  }
}
