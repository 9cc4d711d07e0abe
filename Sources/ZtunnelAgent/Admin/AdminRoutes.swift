import MeshStore
import AdminHTTP
import CA
import Logging
import Shared

/// The answers of ztunnel's admin (15000), metrics (15020) and readiness (15021) endpoints.
/// The HTTP server is elsewhere; this decides the response from injected sources, so each
/// endpoint is testable without a socket.
public struct AdminRoutes: Sendable {
  public var snapshot: @Sendable () -> WorkloadSnapshot
  public var certificates: @Sendable () async -> [WorkloadCertificate]
  /// Local identities the agent needs certificates for (shown as `Initializing` until fetched).
  public var pendingIdentities: @Sendable () async -> [SpiffeIdentity]
  public var readiness: @Sendable () async -> Readiness
  public var metrics: TCPMetrics
  /// The effective configuration shown under `config` in the dump.
  public var config: AdminJSON
  /// Starts a graceful shutdown (`POST /quitquitquit`).
  public var quit: @Sendable () async -> Void
  public var logLevel: @Sendable () -> Logger.Level
  public var setLogLevel: @Sendable (Logger.Level) -> Void

  public init(
    snapshot: @escaping @Sendable () -> WorkloadSnapshot,
    certificates: @escaping @Sendable () async -> [WorkloadCertificate],
    pendingIdentities: @escaping @Sendable () async -> [SpiffeIdentity] = { [] },
    readiness: @escaping @Sendable () async -> Readiness, metrics: TCPMetrics, config: AdminJSON = [:],
    quit: @escaping @Sendable () async -> Void, logLevel: @escaping @Sendable () -> Logger.Level,
    setLogLevel: @escaping @Sendable (Logger.Level) -> Void
  ) {
    self.snapshot = snapshot
    self.certificates = certificates
    self.pendingIdentities = pendingIdentities
    self.readiness = readiness
    self.metrics = metrics
    self.config = config
    self.quit = quit
    self.logLevel = logLevel
    self.setLogLevel = setLogLevel
  }

  /// Fits `AdminHTTPServer.Route` for one listener.
  public func respond(_ request: AdminRequest, on listener: AdminListener = .admin) async -> AdminResponse {
    if let refusal = listener.refusal(of: request, adminPaths: Self.paths) { return refusal }
    return await respond(method: request.method, path: request.path, query: request.query)
  }

  public func respond(method: String, path: String, query: [String: String]) async -> AdminResponse {
    switch path {
    case "/config_dump":
      guard method == "GET" else { return Self.methodNotAllowed(path, allowed: "GET") }
      let dump = ConfigDump.render(
        snapshot: snapshot(), certificates: await certificates(), pendingIdentities: await pendingIdentities(),
        config: config)
      return AdminResponse(contentType: "application/json", body: dump.serialized())
    case "/quitquitquit":
      // POST only, as Envoy and ztunnel: a stray GET (a crawler, a browser prefetch) must not
      // stop the node's data plane.
      guard method == "POST" else { return Self.methodNotAllowed(path, allowed: "POST") }
      await quit()
      return .text("OK\n")
    case "/logging":
      return logging(method: method, query: query)
    case "/healthz/ready":
      guard method == "GET" || method == "HEAD" else { return Self.methodNotAllowed(path, allowed: "GET") }
      let state = await readiness()
      return .text(state.text, status: state.isReady ? 200 : 503)
    case "/metrics", "/stats/prometheus":
      guard method == "GET" else { return Self.methodNotAllowed(path, allowed: "GET") }
      return AdminResponse(contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(metrics.render().utf8))
    default:
      return .text(
        "no endpoint \(path); try \(Self.paths)\n", status: 404)
    }
  }

  private func logging(method: String, query: [String: String]) -> AdminResponse {
    guard let requested = query["level"] else {
      return method == "GET" || method == "POST"
        ? .text("current log level is \(logLevel().rawValue)\n")
        : Self.methodNotAllowed("/logging", allowed: "GET, POST")
    }
    guard method == "POST" else { return Self.methodNotAllowed("/logging?level=", allowed: "POST") }
    guard let level = Logger.Level(rawValue: requested.lowercased()) else {
      let known = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
      return .text("unknown log level \"\(requested)\"; use one of: \(known)\n", status: 400)
    }
    setLogLevel(level)
    return .text("current log level is \(level.rawValue)\n")
  }

  static let paths = "/config_dump, /logging, /quitquitquit, /healthz/ready, /metrics, /stats/prometheus"

  static func methodNotAllowed(_ path: String, allowed: String) -> AdminResponse {
    .text("\(path) accepts \(allowed) only\n", status: 405)
  }
}
