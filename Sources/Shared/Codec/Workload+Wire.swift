import Foundation

extension Workload {
  public var wire: Istio_Workload_Workload {
    .with {
      $0.uid = uid
      $0.name = name
      $0.namespace = namespace
      $0.addresses = addresses.map { Data($0.bytes) }
      $0.hostname = hostname
      $0.network = network
      $0.tunnelProtocol = tunnelProtocol == .hbone ? .hbone : .none
      $0.trustDomain = trustDomain
      $0.serviceAccount = serviceAccount
      if let waypoint { $0.waypoint = waypoint.wire }
      if let networkGateway { $0.networkGateway = networkGateway.wire }
      $0.node = node
      $0.canonicalName = canonicalName
      $0.canonicalRevision = canonicalRevision
      $0.workloadType = workloadType.wire
      $0.workloadName = workloadName
      $0.nativeTunnel = nativeTunnel
      if let applicationTunnel {
        $0.applicationTunnel = .with {
          $0.protocol = applicationTunnel.kind == .proxy ? .proxy : .none
          $0.port = UInt32(applicationTunnel.port)
        }
      }
      $0.services = services.mapValues { ports in .with { $0.ports = ports.map(\.wire) } }
      $0.authorizationPolicies = authorizationPolicies
      $0.status = status == .healthy ? .healthy : .unhealthy
      $0.clusterID = clusterID
      if let locality {
        $0.locality = .with {
          $0.region = locality.region
          $0.zone = locality.zone
          $0.subzone = locality.subzone
        }
      }
      $0.networkMode = networkMode == .hostNetwork ? .hostNetwork : .standard
    }
  }

  /// Decodes a pushed workload. Values that would change where traffic goes or how it is
  /// protected (addresses, tunnel protocol, ports) are validated; an unknown enum value in
  /// such a field rejects the resource rather than being guessed.
  public init(wire w: Istio_Workload_Workload) throws(WireDecodingError) {
    let r = w.uid.isEmpty ? "workload \(w.namespace)/\(w.name)" : "workload \(w.uid)"
    guard !w.uid.isEmpty else { throw WireDecodingError(resource: r, field: "uid", problem: "is empty") }
    var addresses: [IPAddress] = []
    for (i, a) in w.addresses.enumerated() {
      addresses.append(try IPAddress(wire: a, resource: r, field: "addresses[\(i)]"))
    }
    let tunnel: TunnelProtocol
    switch w.tunnelProtocol {
    case .none: tunnel = .none
    case .hbone: tunnel = .hbone
    case .UNRECOGNIZED(let v):
      throw WireDecodingError(resource: r, field: "tunnel_protocol", problem: "unknown value \(v)")
    }
    var services: [String: [ServicePort]] = [:]
    for (key, list) in w.services {
      var ports: [ServicePort] = []
      for (i, p) in list.ports.enumerated() {
        ports.append(try ServicePort(wire: p, resource: r, field: "services[\(key)].ports[\(i)]"))
      }
      services[key] = ports
    }
    var appTunnel: ApplicationTunnel? = nil
    if w.hasApplicationTunnel {
      let kind: ApplicationTunnel.TunnelKind
      switch w.applicationTunnel.protocol {
      case .none: kind = .none
      case .proxy: kind = .proxy
      case .UNRECOGNIZED(let v):
        throw WireDecodingError(resource: r, field: "application_tunnel.protocol", problem: "unknown value \(v)")
      }
      appTunnel = ApplicationTunnel(
        kind: kind, port: try Port16.decode(w.applicationTunnel.port, resource: r, field: "application_tunnel.port"))
    }
    self.init(
      uid: w.uid, name: w.name, namespace: w.namespace, addresses: addresses, hostname: w.hostname,
      network: w.network, tunnelProtocol: tunnel, trustDomain: w.trustDomain, serviceAccount: w.serviceAccount,
      waypoint: w.hasWaypoint ? try GatewayAddress(wire: w.waypoint, resource: r, field: "waypoint") : nil,
      networkGateway: w.hasNetworkGateway
        ? try GatewayAddress(wire: w.networkGateway, resource: r, field: "network_gateway") : nil,
      node: w.node, canonicalName: w.canonicalName, canonicalRevision: w.canonicalRevision,
      workloadType: WorkloadType(wire: w.workloadType), workloadName: w.workloadName, nativeTunnel: w.nativeTunnel,
      applicationTunnel: appTunnel, services: services, authorizationPolicies: w.authorizationPolicies,
      // An unknown health value is treated as unhealthy: never prefer an endpoint we cannot judge.
      status: w.status == .healthy ? .healthy : .unhealthy,
      clusterID: w.clusterID,
      locality: w.hasLocality
        ? Locality(region: w.locality.region, zone: w.locality.zone, subzone: w.locality.subzone) : nil,
      networkMode: w.networkMode == .hostNetwork ? .hostNetwork : .standard)
  }
}

extension WorkloadType {
  var wire: Istio_Workload_WorkloadType {
    switch self {
    case .deployment: .deployment
    case .cronJob: .cronjob
    case .pod: .pod
    case .job: .job
    }
  }

  /// Telemetry-only field: an unknown value degrades to `pod` instead of rejecting the workload.
  init(wire: Istio_Workload_WorkloadType) {
    switch wire {
    case .deployment: self = .deployment
    case .cronjob: self = .cronJob
    case .job: self = .job
    case .pod, .UNRECOGNIZED: self = .pod
    }
  }
}
