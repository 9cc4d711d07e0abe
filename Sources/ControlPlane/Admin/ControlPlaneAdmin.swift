import AdminHTTP
import Kube
import Shared
import XDS

/// What the monitoring port answers: readiness, Prometheus metrics and a dump of what the agents
/// are being sent, plus what users must be told about their objects.
public struct ControlPlaneAdmin: Sendable {
  let publisher: MeshPublisher
  let xds: XDSServerStats

  public init(publisher: MeshPublisher, xds: XDSServerStats) {
    self.publisher = publisher
    self.xds = xds
  }

  public func respond(_ path: String) async -> AdminResponse {
    switch path {
    case "/ready", "/healthz/ready":
      publisher.stats.publishes > 0
        ? .text("ready\n") : .text("waiting for the first sync with the Kubernetes API\n", status: 503)
    case "/metrics", "/stats/prometheus":
      AdminResponse(contentType: "text/plain; version=0.0.4", body: Array(metrics().utf8))
    case "/debug/config_dump":
      AdminResponse(contentType: "application/json", body: configDump().serialized())
    case "/version":
      // `meshctl version` reads this through the API server to show client and server side by side.
      AdminResponse(contentType: "application/json", body: Array("{\"version\":\"\(MeshVersion.current)\"}\n".utf8))
    default:
      .text("not found; try /ready, /metrics, /debug/config_dump, /version\n", status: 404)
    }
  }

  func metrics() -> String {
    let publishing = publisher.stats
    let counters = xds.snapshot
    var lines: [String] = []
    func metric(_ name: String, _ type: String, _ help: String, _ value: Double) {
      lines.append("# HELP \(name) \(help)")
      lines.append("# TYPE \(name) \(type)")
      lines.append("\(name) \(value)")
    }
    metric(
      "mesh_translations_total", "counter", "Translations of the cluster into xDS resources.",
      Double(publishing.publishes))
    metric(
      "mesh_translation_seconds", "gauge", "Duration of the last translation and encoding.",
      Double(publishing.lastPublishDuration.components.seconds) + Double(
        publishing.lastPublishDuration.components.attoseconds) / 1e18)
    metric("mesh_workloads", "gauge", "Workloads sent to agents.", Double(publishing.workloads))
    metric("mesh_services", "gauge", "Services sent to agents.", Double(publishing.services))
    metric("mesh_policies", "gauge", "Authorization policies sent to agents.", Double(publishing.policies))
    metric("mesh_xds_connected_agents", "gauge", "Open Delta ADS streams.", Double(counters.streamsActive))
    metric("mesh_xds_pushes_total", "counter", "Delta ADS responses sent.", Double(counters.responses))
    metric("mesh_xds_resources_sent_total", "counter", "Resources sent in responses.", Double(counters.resourcesSent))
    metric("mesh_xds_acks_total", "counter", "Responses acknowledged by agents.", Double(counters.acks))
    metric("mesh_xds_nacks_total", "counter", "Responses rejected by agents.", Double(counters.nacks))
    metric(
      "mesh_xds_rejected_streams_total", "counter", "Streams refused (authentication).",
      Double(counters.rejectedStreams))
    return lines.joined(separator: "\n") + "\n"
  }

  func configDump() -> JSONValue {
    guard let mesh = publisher.snapshot else { return ["synced": false] }
    var workloads: [JSONValue] = []
    for workload in mesh.workloads {
      var entry: JSONValue = [
        "uid": .string(workload.uid), "name": .string(workload.name), "namespace": .string(workload.namespace),
        "addresses": .array(workload.addresses.map { .string($0.description) }),
        "protocol": .string("\(workload.tunnelProtocol)"), "serviceAccount": .string(workload.serviceAccount),
        "node": .string(workload.node), "status": .string("\(workload.status)"),
        "authorizationPolicies": .array(workload.authorizationPolicies.map { .string($0) }),
      ]
      var services: [String: JSONValue] = [:]
      for (key, ports) in workload.services {
        services[key] = .array(ports.map { .string("\($0.servicePort)->\($0.targetPort)") })
      }
      entry["services"] = .object(services)
      if let waypoint = workload.waypoint { entry["waypoint"] = .string("\(waypoint.destination)") }
      workloads.append(entry)
    }
    var services: [JSONValue] = []
    for service in mesh.services {
      var entry: JSONValue = [
        "name": .string(service.resourceName), "addresses": .array(service.addresses.map { .string($0.description) }),
        "ports": .array(service.ports.map { .string("\($0.servicePort)->\($0.targetPort)") }),
      ]
      if let waypoint = service.waypoint { entry["waypoint"] = .string("\(waypoint.destination)") }
      services.append(entry)
    }
    let diagnostics: [JSONValue] = mesh.diagnostics.map {
      [
        "kind": .string($0.kind), "namespace": .string($0.namespace), "name": .string($0.name),
        "accepted": .bool($0.accepted), "reason": .string($0.reason), "message": .string($0.message),
      ]
    }
    return [
      "synced": true, "workloads": .array(workloads), "services": .array(services),
      "policies": .array(mesh.policies.map { .string($0.key) }), "diagnostics": .array(diagnostics),
    ]
  }
}
