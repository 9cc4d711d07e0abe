import AdminHTTP
import Foundation
import Shared

/// The waypoint's admin (15000: `/config_dump`, `POST /quitquitquit`), metrics (15020:
/// `/metrics`, `/stats/prometheus`) and readiness (15021: `/healthz/ready`) answers, each on its
/// own listener only (metrics and readiness bind every address).
struct WaypointAdminRoutes: Sendable {
  let app: WaypointApp
  static let paths = "/config_dump, /quitquitquit, /healthz/ready, /metrics, /stats/prometheus"

  func respond(_ request: AdminRequest, on listener: AdminListener = .admin) async -> AdminResponse {
    if let refusal = listener.refusal(of: request, adminPaths: Self.paths) { return refusal }
    switch (request.method, request.path) {
    case ("GET", "/config_dump"):
      return AdminResponse(contentType: "application/json", body: Array(configDump().utf8))
    case ("POST", "/quitquitquit"):
      app.quit()
      return .text("OK\n")
    case ("GET", "/healthz/ready"), ("HEAD", "/healthz/ready"):
      return app.isReady
        ? .text("ready\n") : .text("not ready: waiting for xDS and the waypoint certificate\n", status: 503)
    case ("GET", "/metrics"), ("GET", "/stats/prometheus"):
      return AdminResponse(contentType: "text/plain; version=0.0.4", body: Array(app.metrics.render().utf8))
    case (_, "/config_dump"), (_, "/healthz/ready"), (_, "/metrics"), (_, "/stats/prometheus"), (_, "/quitquitquit"):
      return .text("method \(request.method) not allowed on \(request.path)\n", status: 405)
    default:
      return .text(
        "no endpoint \(request.path); try \(Self.paths)\n", status: 404)
    }
  }

  /// The L7 configuration as received (per Service: routes, policies, JWT providers and any
  /// problems found while compiling it) plus the workload view used for endpoints.
  func configDump() -> String {
    let services: [[String: Any]] = app.services.all.map { compiled in
      let service = compiled.service
      return [
        "key": service.key, "waypoint": service.waypoint,
        "ports": service.ports.map { ["port": $0.port, "name": $0.name, "protocol": $0.protocol.rawValue] },
        "routes": service.routes.map { "\($0.route)#\($0.ruleIndex)" },
        "policies": service.policies.map(\.key),
        "jwtProviders": service.jwtProviders.map(\.issuer),
        "problems": compiled.problems,
      ]
    }
    let snapshot = app.workloads.snapshot
    let dump: [String: Any] = [
      "gateway": app.config.gateway, "identity": app.config.identity.uri, "ready": app.isReady,
      "services": services,
      "workloads": snapshot.workloads.map { ["uid": $0.uid, "addresses": $0.addresses.map(\.description)] },
      "meshServices": snapshot.services.map(\.resourceName),
    ]
    let data = (try? JSONSerialization.data(withJSONObject: dump, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
