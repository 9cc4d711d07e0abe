import MeshStore
import CA
import Foundation
import Shared

/// `GET /config_dump` (wire-facts §8): what this agent believes, in the shape of ztunnel's dump,
/// so that "why did my connection go there / get denied / fail TLS" can be answered from it.
public enum ConfigDump {
  /// - Parameters:
  ///   - pendingIdentities: local identities without a certificate yet (listed as `Initializing`).
  ///   - config: the agent's effective configuration, as the app chooses to show it.
  public static func render(
    snapshot: WorkloadSnapshot, certificates: [WorkloadCertificate], pendingIdentities: [SpiffeIdentity] = [],
    config: AdminJSON = [:], now: Date = Date()
  ) -> AdminJSON {
    let certified = Set(certificates.map(\.identity))
    var certs = certificates.sorted { $0.identity < $1.identity }.map { certificate($0, now: now) }
    for identity in Set(pendingIdentities).subtracting(certified).sorted() {
      certs.append(["identity": .string(identity.uri), "state": "Initializing", "certChain": [], "rootCerts": []])
    }
    return [
      "workloads": .array(snapshot.workloads.map(workload)),
      "services": .array(snapshot.services.map { service($0, snapshot: snapshot) }),
      "policies": .array(snapshot.policies.map(policy)),
      "certificates": .array(certs),
      "config": config,
      "version": .int(Int64(snapshot.version)),
    ]
  }

  static func workload(_ w: Workload) -> AdminJSON {
    var services: [String: AdminJSON] = [:]
    for (key, ports) in w.services { services[key] = .array(ports.map(port)) }
    var entry: [String: AdminJSON] = [
      "uid": .string(w.uid), "name": .string(w.name), "namespace": .string(w.namespace),
      "workloadName": .string(w.workloadName), "node": .string(w.node), "network": .string(w.network),
      "addresses": .array(w.addresses.map { .string($0.description) }),
      "protocol": .string(w.tunnelProtocol == .hbone ? "HBONE" : "TCP"),
      "status": .string(w.status == .healthy ? "Healthy" : "Unhealthy"),
      "serviceAccount": .string(w.serviceAccount), "trustDomain": .string(w.trustDomain),
      "canonicalName": .string(w.canonicalName), "canonicalRevision": .string(w.canonicalRevision),
      "clusterId": .string(w.clusterID), "services": .object(services),
      "authorizationPolicies": .array(w.authorizationPolicies.sorted().map(AdminJSON.string)),
    ]
    entry["identity"] = (try? w.identity()).map { .string($0.uri) } ?? .null
    if let waypoint = w.waypoint { entry["waypoint"] = gateway(waypoint) }
    return .object(entry)
  }

  static func service(_ s: Service, snapshot: WorkloadSnapshot) -> AdminJSON {
    var entry: [String: AdminJSON] = [
      "name": .string(s.name), "namespace": .string(s.namespace), "hostname": .string(s.hostname),
      "vips": .array(s.addresses.map { .string($0.description) }), "ports": .array(s.ports.map(port)),
      "subjectAltNames": .array(s.subjectAltNames.map(AdminJSON.string)),
      "endpoints": .array(snapshot.endpoints(ofService: s.resourceName).map { .string($0.uid) }),
    ]
    if let waypoint = s.waypoint { entry["waypoint"] = gateway(waypoint) }
    if let lb = s.loadBalancing {
      entry["loadBalancing"] = [
        "mode": .string(lb.mode.rawValue), "healthPolicy": .string(lb.healthPolicy.rawValue),
        "routingPreference": .array(lb.routingPreference.map { .string($0.rawValue) }),
      ]
    }
    return .object(entry)
  }

  static func policy(_ p: AuthorizationPolicy) -> AdminJSON {
    [
      "name": .string(p.name), "namespace": .string(p.namespace), "scope": .string(p.scope.rawValue),
      "action": .string(p.action.rawValue), "dryRun": .bool(p.dryRun),
      "rules": .array(p.rules.map { rule in .array(rule.clauses.map { .array($0.matches.map(match)) }) }),
    ]
  }

  static func match(_ m: AuthorizationMatch) -> AdminJSON {
    var fields: [String: AdminJSON] = [:]
    func put(_ name: String, _ values: [String]) {
      if !values.isEmpty { fields[name] = .array(values.map(AdminJSON.string)) }
    }
    put("namespaces", m.namespaces.map(\.description))
    put("notNamespaces", m.notNamespaces.map(\.description))
    put("principals", m.principals.map(\.description))
    put("notPrincipals", m.notPrincipals.map(\.description))
    put("sourceIps", m.sourceIPs.map(\.description))
    put("notSourceIps", m.notSourceIPs.map(\.description))
    put("destinationIps", m.destinationIPs.map(\.description))
    put("notDestinationIps", m.notDestinationIPs.map(\.description))
    put("destinationPorts", m.destinationPorts.map(String.init))
    put("notDestinationPorts", m.notDestinationPorts.map(String.init))
    put("serviceAccounts", m.serviceAccounts.map { "\($0.namespace)/\($0.serviceAccount)" })
    put("notServiceAccounts", m.notServiceAccounts.map { "\($0.namespace)/\($0.serviceAccount)" })
    return .object(fields)
  }

  static func certificate(_ c: WorkloadCertificate, now: Date) -> AdminJSON {
    let chain = c.chainPEMs.count > 1 ? Array(c.chainPEMs.dropLast()) : c.chainPEMs
    let roots = c.chainPEMs.count > 1 ? [c.rootPEM] : []
    return [
      "identity": .string(c.identity.uri),
      "state": .string(now < c.notAfter ? "Available" : "Expired"),
      "certChain": .array(chain.map(pemEntry)),
      "rootCerts": .array(roots.map(pemEntry)),
    ]
  }

  static func pemEntry(_ pem: String) -> AdminJSON {
    guard let summary = CertificateSummary(pem: pem) else {
      return ["pem": .string(pem), "error": "not a parsable X.509 certificate"]
    }
    return [
      "pem": .string(pem), "serialNumber": .string(summary.serialNumber),
      "validFrom": .string(timestamp(summary.validFrom)), "expirationTime": .string(timestamp(summary.expirationTime)),
    ]
  }

  static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

  static func port(_ p: ServicePort) -> AdminJSON {
    ["servicePort": .int(Int64(p.servicePort)), "targetPort": .int(Int64(p.targetPort))]
  }

  static func gateway(_ g: GatewayAddress) -> AdminJSON {
    switch g.destination {
    case .address(let a): ["address": .string(a.description), "hboneMtlsPort": .int(Int64(g.hboneMTLSPort))]
    case .hostname(let h): ["hostname": .string(h.description), "hboneMtlsPort": .int(Int64(g.hboneMTLSPort))]
    }
  }
}
