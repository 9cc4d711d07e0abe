import ArgumentParser
import DevCluster
import Foundation
import Glibc
import Logging
import ServiceLifecycle

/// `make bench-controlplane`: a Kubernetes change to every subscriber's ACK, end to end, with the
/// dev API server in one process, the control plane (informers, translation, xDS) in this one, and
/// 100 subscribers (`xds-bench clients --light`) in a third.
@main
struct ControlPlaneBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "controlplane-bench", subcommands: [Run.self, Serve.self, Translate.self], defaultSubcommand: Run.self)

  /// The API server process.
  struct Serve: AsyncParsableCommand {
    @Option var stateDir: String

    func run() async throws {
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .warning
        return handler
      }
      let server = DevAPIServer(config: DevAPIServerConfig(stateDirectory: stateDir), logger: Logger(label: "bench"))
      _ = try await server.start()
      let group = ServiceGroup(
        configuration: .init(
          services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint],
          logger: Logger(label: "bench")))
      try await group.run()
    }
  }
}

enum BenchProcess {
  /// RSS after `malloc_trim(0)`.
  static func trimmedRSS() -> Int {
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb * 1024
  }

  static func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
  }

  static func spawn(_ executable: String, _ arguments: [String], stdin: Bool = false) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if stdin { process.standardInput = Pipe() }
    try process.run()
    return process
  }
}
