import Foundation

/// Runs an external program (openssl, python3) the way a user would, capturing its output.
/// A missing tool fails the test loudly: interop tests never pass by skipping.
public struct Tool {
  public struct Result: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
  }

  public static func runBlocking(_ arguments: [String], input: String? = nil, in directory: URL? = nil) throws -> Result
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// The same, on a thread of its own: waiting for a child process must never block Swift's
  /// cooperative pool (2 threads here), or in-process servers the child talks to would starve.
  public static func run(_ arguments: [String], input: String? = nil, in directory: URL? = nil) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(with: Swift.Result { try runBlocking(arguments, input: input, in: directory) })
      }
    }
  }

  @discardableResult
  public static func ok(_ arguments: [String], in directory: URL? = nil) async throws -> String {
    let r: Result = try await run(arguments, in: directory)
    guard r.status == 0 else {
      throw ToolFailure(command: arguments.joined(separator: " "), status: r.status, stderr: r.stderr + r.stdout)
    }
    return r.stdout
  }

  /// Runs and requires success, reporting the command and its stderr otherwise.
  @discardableResult
  public static func okBlocking(_ arguments: [String], in directory: URL? = nil) throws -> String {
    let r = try runBlocking(arguments, in: directory)
    guard r.status == 0 else {
      throw ToolFailure(command: arguments.joined(separator: " "), status: r.status, stderr: r.stderr + r.stdout)
    }
    return r.stdout
  }
}

public struct ToolFailure: Error, CustomStringConvertible {
  let command: String
  let status: Int32
  let stderr: String
  public var description: String { "`\(command)` exited \(status): \(stderr)" }
}
