import Foundation

/// The dev cluster's API server in its own process (`meshctl dev apiserver`, built beside the
/// benchmark), so that a benchmark's memory figures are its own.
public final class DevAPIServerProcess {
  public let kubeconfig: String
  private let process: Process

  /// Starts it on a free loopback port with state in `stateDirectory`; returns once its
  /// kubeconfig is written.
  public init(stateDirectory: String) async throws {
    let meshctl =
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("meshctl")
    kubeconfig = stateDirectory + "/kubeconfig"
    try? FileManager.default.removeItem(atPath: kubeconfig)
    let process = Process()
    process.executableURL = meshctl
    process.arguments = ["dev", "apiserver", "--state-dir", stateDirectory, "--port", "0", "--log-level", "warning"]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    self.process = process
    let start = ContinuousClock.now
    while !FileManager.default.fileExists(atPath: kubeconfig) {
      guard process.isRunning, ContinuousClock.now - start < .seconds(30) else {
        process.terminate()
        throw DevAPIServerProcessError(
          message:
            "the dev API server (\(meshctl.path)) did not start; build it with `swift build -c release --product meshctl`"
        )
      }
      try await Task.sleep(for: .milliseconds(50))
    }
  }

  public func stop() {
    process.terminate()
    process.waitUntilExit()
  }
}

public struct DevAPIServerProcessError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
