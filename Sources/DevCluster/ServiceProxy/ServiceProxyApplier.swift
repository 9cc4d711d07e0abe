import Foundation
import Kube
import Logging

/// Writes the service proxy's rules into one network namespace (a dev cluster node): reads the
/// nat table with `iptables-save`, renders with `ServiceProxyRules`, and replaces the proxy's
/// chains atomically with `iptables-restore -w --noflush` (other chains, such as the ztunnel's,
/// are untouched). Runs the tools through `nsenter --net=<path>` so the caller's own thread
/// never changes namespace.
public struct ServiceProxyApplier: Sendable {
  /// `/var/run/netns/<name>` or `/proc/<pid>/ns/net`; `nil` means the caller's namespace.
  public var networkNamespacePath: String?
  public var logger: Logger

  public init(networkNamespacePath: String?, logger: Logger = Logger(label: "mesh.dev.serviceproxy")) {
    self.networkNamespacePath = networkNamespacePath
    self.logger = logger
  }

  /// Makes the namespace's VIP rules match `services` and `slices`.
  public func apply(services: [KubeService], slices: [EndpointSlice]) async throws(ServiceProxyError) {
    let existing = NatTableState(iptablesSave: try await run(["iptables-save", "-t", "nat"]))
    let portals = ServiceProxyRules.portals(services: services, slices: slices)
    _ = try await run(["iptables-restore", "-w", "--noflush"], input: ServiceProxyRules.render(portals, existing: existing))
    logger.debug(
      "service rules applied",
      metadata: ["serviceproxy.netns": "\(networkNamespacePath ?? "host")", "serviceproxy.portals": "\(portals.count)"])
  }

  /// Removes the proxy's jumps and chains.
  public func remove() async throws(ServiceProxyError) {
    let existing = NatTableState(iptablesSave: try await run(["iptables-save", "-t", "nat"]))
    guard !existing.ownChains.isEmpty || !existing.jumps.isEmpty else { return }
    _ = try await run(["iptables-restore", "-w", "--noflush"], input: ServiceProxyRules.renderRemoval(existing: existing))
  }

  func command(_ arguments: [String]) -> [String] {
    guard let path = networkNamespacePath else { return arguments }
    return ["nsenter", "--net=\(path)", "--"] + arguments
  }

  /// Runs a tool on a thread of its own (waiting for a child must not block the cooperative pool).
  private func run(_ arguments: [String], input: String? = nil) async throws(ServiceProxyError) -> String {
    let full = command(arguments)
    let result: Result<String, ServiceProxyError> = await withCheckedContinuation { continuation in
      Thread.detachNewThread { continuation.resume(returning: Self.runBlocking(full, input: input)) }
    }
    return try result.get()
  }

  private static func runBlocking(_ arguments: [String], input: String?) -> Result<String, ServiceProxyError> {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin
    do { try process.run() } catch {
      return .failure(ServiceProxyError(command: arguments, message: "cannot start: \(error)"))
    }
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try? stdin.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      return .failure(
        ServiceProxyError(
          command: arguments,
          message: "exited \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))"
            + (input.map { "\ninput was:\n\($0)" } ?? "")))
    }
    return .success(String(decoding: out, as: UTF8.self))
  }
}

/// A rule write failed: the command and what it said (root and iptables are needed).
public struct ServiceProxyError: Error, CustomStringConvertible {
  public var command: [String]
  public var message: String

  public var description: String { "service proxy: `\(command.joined(separator: " "))` \(message)" }
}
