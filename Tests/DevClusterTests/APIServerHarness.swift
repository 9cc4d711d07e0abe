import DevCluster
import Foundation
import Kube
import Logging
import MeshTestSupport
import Testing

/// A dev API server in a temporary state directory, driven the way users drive it: `curl` with
/// the CA and a bearer token, and `kubectl` with the kubeconfig the server wrote (and a HOME of
/// its own, so kubectl's discovery cache never mixes servers).
final class APIServerHarness: Sendable {
  let directory: TempDir
  let server: DevAPIServer
  let stateDirectory: String
  let caPath: String

  init(
    directory: TempDir? = nil, bookmarkInterval: Duration = .seconds(10), eventHistory: Int = 100_000
  ) async throws {
    let directory = try directory ?? TempDir()
    self.directory = directory
    stateDirectory = directory.path("state")
    var config = DevAPIServerConfig(stateDirectory: stateDirectory)
    config.bookmarkInterval = bookmarkInterval
    config.eventHistory = eventHistory
    server = DevAPIServer(config: config, logger: Logger(label: "test.devcluster.apiserver"))
    _ = try await server.start()
    caPath = directory.path("ca.pem")
    try directory.write("ca.pem", server.caCertificatePEM)
    try FileManager.default.createDirectory(atPath: directory.path("home"), withIntermediateDirectories: true)
  }

  func stop() async { await server.shutdown() }

  struct HTTPResult: Sendable, CustomStringConvertible {
    var status: Int
    var text: String
    var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
    var reason: String? { json["reason"]?.stringValue }
    var message: String? { json["message"]?.stringValue }
    var description: String { "HTTP \(status): \(text.prefix(400))" }
  }

  enum Token: Sendable {
    case admin
    case none
    case bearer(String)
  }

  /// One request with curl; the body goes on stdin.
  func curl(
    _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
    token: Token = .admin, accept: String? = nil
  ) async throws -> HTTPResult {
    var arguments = [
      "curl", "-sS", "--cacert", caPath, "-X", method, "-o", "-", "-w", "\n%{http_code}",
    ]
    switch token {
    case .admin: arguments += ["-H", "Authorization: Bearer \(server.adminToken)"]
    case .bearer(let value): arguments += ["-H", "Authorization: Bearer \(value)"]
    case .none: break
    }
    if let accept { arguments += ["-H", "Accept: \(accept)"] }
    if body != nil { arguments += ["-H", "Content-Type: \(contentType)", "--data-binary", "@-"] }
    arguments.append(server.serverURL + path)
    let result = try await Tool.run(arguments, input: body)
    guard result.status == 0, let newline = result.stdout.lastIndex(of: "\n"),
      let status = Int(result.stdout[result.stdout.index(after: newline)...])
    else {
      throw ToolFailureReport("curl \(method) \(path) failed (\(result.status)): \(result.stderr)")
    }
    return HTTPResult(status: status, text: String(result.stdout[..<newline]))
  }

  /// `kubectl --kubeconfig <written kubeconfig> <arguments>`, requiring success.
  @discardableResult
  func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
    let result = try await kubectlResult(arguments, input: input)
    guard result.status == 0 else {
      throw ToolFailureReport("kubectl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
    }
    return result.stdout
  }

  func kubectlResult(_ arguments: [String], input: String? = nil) async throws -> Tool.Result {
    try await Tool.run(kubectlCommand(arguments), input: input)
  }

  func kubectlCommand(_ arguments: [String]) -> [String] {
    ["HOME=\(directory.path("home"))", "kubectl", "--kubeconfig", server.kubeconfigPath] + arguments
  }

  /// A namespace for one test, created over the API.
  func createNamespace(_ name: String, labels: [String: String] = [:]) async throws {
    var metadata: JSONValue = ["name": .string(name)]
    if !labels.isEmpty { metadata["labels"] = .stringMap(labels) }
    let body: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": metadata]
    let result = try await curl("POST", "/api/v1/namespaces", body: body.jsonText)
    guard result.status == 201 else { throw ToolFailureReport("creating namespace \(name): \(result)") }
  }

  /// POSTs `object` to `path` and returns the stored object, requiring 201.
  @discardableResult
  func create(_ path: String, _ object: JSONValue) async throws -> JSONValue {
    let result = try await curl("POST", path, body: object.jsonText)
    guard result.status == 201 else { throw ToolFailureReport("POST \(path): \(result)") }
    return result.json
  }

  /// The names in a list answer.
  func names(_ path: String) async throws -> [String] {
    let result = try await curl("GET", path)
    guard result.status == 200 else { throw ToolFailureReport("GET \(path): \(result)") }
    return (result.json["items"]?.arrayValue ?? []).compactMap { $0.value(at: ["metadata", "name"])?.stringValue }
  }

  static func configMap(
    _ name: String, namespace: String, data: [String: String] = [:], labels: [String: String] = [:]
  )
    -> JSONValue
  {
    var metadata: JSONValue = ["name": .string(name), "namespace": .string(namespace)]
    if !labels.isEmpty { metadata["labels"] = .stringMap(labels) }
    return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": .stringMap(data)]
  }

  static func pod(_ name: String, namespace: String, labels: [String: String] = [:], node: String? = nil) -> JSONValue {
    var metadata: JSONValue = ["name": .string(name), "namespace": .string(namespace)]
    if !labels.isEmpty { metadata["labels"] = .stringMap(labels) }
    var spec: JSONValue = ["containers": [["name": "app", "image": "busybox"]]]
    if let node { spec["nodeName"] = .string(node) }
    return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec]
  }
}

/// A failed step of a test, with what the tool said.
struct ToolFailureReport: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A long-running command (a watch) whose output is collected in a file while it runs.
final class APIServerBackgroundProcess {
  private let process: ChildProcess
  private let outputPath: String

  init(_ arguments: [String], outputPath: String) throws {
    self.outputPath = outputPath
    let descriptor = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw ToolFailureReport("cannot create \(outputPath)") }
    defer { close(descriptor) }
    // A ChildProcess, not Foundation's Process: its exit is seen even while other children run.
    process = try ChildProcess.spawn(arguments, stdout: descriptor, stderr: descriptor)
  }

  var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

  var isRunning: Bool { process.isRunning }

  func stop() { process.signal(SIGTERM) }

  /// The JSON lines printed so far (a curl watch).
  var events: [JSONValue] {
    output.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
  }
}

/// One server shared by the tests of a suite (they use namespaces of their own), started on
/// first use and left running until the test process exits.
actor APIServerSharedHarness {
  private var starting: Task<APIServerHarness, any Error>?
  private let bookmarkInterval: Duration

  init(bookmarkInterval: Duration = .seconds(10)) { self.bookmarkInterval = bookmarkInterval }

  func get() async throws -> APIServerHarness {
    if let starting { return try await starting.value }
    let interval = bookmarkInterval
    let task = Task { try await APIServerHarness(bookmarkInterval: interval) }
    starting = task
    return try await task.value
  }
}
