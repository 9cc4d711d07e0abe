import DevCluster
import Foundation
import Synchronization

/// One command as a host process behind a `PodExecSession`: pipes for stdin, stdout and stderr,
/// its exit status (128 + signal when killed), and termination when the client leaves.
enum ExecTestProcess {
  static func start(_ command: [String], stdin: Bool) throws -> PodExecSession {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    let input = Pipe()
    process.standardInput = stdin ? input : FileHandle.nullDevice
    let (stdout, stdoutSink) = AsyncStream<[UInt8]>.makeStream()
    let (stderr, stderrSink) = AsyncStream<[UInt8]>.makeStream()
    process.standardOutput = pipe(into: stdoutSink)
    process.standardError = pipe(into: stderrSink)
    let exit = ExecTestExitStatus()
    process.terminationHandler = { process in
      exit.set(
        process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus)
    }
    try process.run()
    let writer = input.fileHandleForWriting
    let stdinOpen = Mutex(stdin)
    return PodExecSession(
      writeStdin: { bytes in
        // Pipe writes block; keep them off Swift's cooperative threads.
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
      stdout: stdout, stderr: stderr, exitCode: { await exit.wait() },
      terminate: { if process.isRunning { process.terminate() } })
  }

  private static func pipe(into sink: AsyncStream<[UInt8]>.Continuation) -> Pipe {
    let pipe = Pipe()
    pipe.fileHandleForReading.readabilityHandler = { handle in
      let data = handle.availableData
      if data.isEmpty {
        handle.readabilityHandler = nil
        sink.finish()
      } else {
        sink.yield(Array(data))
      }
    }
    return pipe
  }
}

/// The exit status, once known, for any number of waiters.
final class ExecTestExitStatus: Sendable {
  private let state = Mutex<(code: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

  func set(_ code: Int32) {
    let waiters = state.withLock { state in
      state.code = code
      defer { state.waiters = [] }
      return state.waiters
    }
    for waiter in waiters { waiter.resume(returning: code) }
  }

  func wait() async -> Int32 {
    await withCheckedContinuation { continuation in
      let code = state.withLock { state -> Int32? in
        if let code = state.code { return code }
        state.waiters.append(continuation)
        return nil
      }
      if let code { continuation.resume(returning: code) }
    }
  }
}

/// A container's output as the node runner keeps it: everything so far, plus followers that get
/// new output until the container's main process exits.
final class ExecTestContainerLog: Sendable {
  private struct State {
    var bytes: [UInt8] = []
    var finished = false
    var followers: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]
  }
  private let state = Mutex(State())

  func append(_ bytes: [UInt8]) {
    let followers = state.withLock { state in
      state.bytes += bytes
      return Array(state.followers.values)
    }
    for follower in followers { follower.yield(bytes) }
  }

  func finish() {
    let followers = state.withLock { state in
      state.finished = true
      defer { state.followers = [:] }
      return Array(state.followers.values)
    }
    for follower in followers { follower.finish() }
  }

  func stream(follow: Bool, tailLines: Int?) -> AsyncStream<[UInt8]> {
    let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
    let id = UUID()
    state.withLock { state in
      continuation.yield(Self.tail(state.bytes, lines: tailLines))
      if follow, !state.finished {
        state.followers[id] = continuation
      } else {
        continuation.finish()
      }
    }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLock { $0.followers.removeValue(forKey: id) }
    }
    return stream
  }

  /// The last `lines` lines (a trailing newline ends the last line, it does not start another).
  static func tail(_ bytes: [UInt8], lines: Int?) -> [UInt8] {
    guard let lines else { return bytes }
    var newlines = 0
    var index = bytes.endIndex
    if bytes.last == UInt8(ascii: "\n") { index -= 1 }
    while index > bytes.startIndex {
      if bytes[index - 1] == UInt8(ascii: "\n") {
        newlines += 1
        if newlines == lines { return Array(bytes[index...]) }
      }
      index -= 1
    }
    return lines == 0 ? [] : bytes
  }
}
