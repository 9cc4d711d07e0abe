import Kube
import Shared

/// The cluster's routes and L7 policies to one `L7Service` per Service with a waypoint: pure and
/// deterministic like `MeshTranslator` (sorted output, the JWKS cache read from the snapshot, not
/// fetched), and one bad object never stops the rest: it is reported and fails closed on its own.
enum L7Translator {
  static func translate(
    _ cluster: ClusterSnapshot, config: MeshConfig, waypoints: WaypointResolver,
    namespaceChoices: [String: WaypointChoice]
  ) -> L7Translation {
    var diagnostics: [ObjectDiagnostic] = []
    var servicesByName: [String: KubeService] = [:]
    var bindings: [String: WaypointBinding] = [:]
    var byWaypoint: [String: [WaypointBinding]] = [:]
    for service in cluster.services {
      servicesByName["\(service.namespace)/\(service.name)"] = service
      guard !Enrollment.isWaypointPod(service.labels) else { continue }
      let choice = WaypointChoice(labels: service.labels, ownNamespace: service.namespace)
        .orElse(namespaceChoices[service.namespace] ?? .unset)
      guard case .gateway(let wns, let wname) = choice, waypoints.address(for: choice, target: .service) != nil
      else { continue }
      let binding = WaypointBinding(
        service: service, hostname: "\(service.name).\(service.namespace).svc.\(config.domainSuffix)",
        waypointNamespace: wns, waypointName: wname)
      bindings["\(service.namespace)/\(service.name)"] = binding
      byWaypoint[binding.waypointKey, default: []].append(binding)
    }
    let waypointGateways = Set(cluster.gateways.filter(\.isWaypoint).map { "\($0.namespace)/\($0.name)" })

    // Routes.
    let routes = HTTPRouteConverter(
      bindings: bindings, bindingsByWaypoint: byWaypoint, services: servicesByName,
      waypointGateways: waypointGateways, config: config)
    var candidates: [String: [RouteCandidate]] = [:]
    for route in cluster.httpRoutes {
      let output = routes.convert(route)
      if let diagnostic = output.diagnostic { diagnostics.append(diagnostic) }
      candidates.merge(output.candidates) { $0 + $1 }
    }

    let targeting = L7PolicyTargeting(config: config, pods: Dictionary(grouping: cluster.pods, by: \.namespace))
    let sortedBindings = bindings.values.sorted { $0.key < $1.key }
    let policies = authorizationPolicies(
      cluster.authorizationPolicies, bindings: sortedBindings, targeting: targeting, diagnostics: &diagnostics)
    var jwksURIs = Set<String>()
    let providers = jwtProviders(
      cluster.requestAuthentications, bindings: sortedBindings, targeting: targeting, jwks: cluster.jwks,
      uris: &jwksURIs, diagnostics: &diagnostics)
    let defaults = virtualServicePolicies(cluster.virtualServices, bindings: sortedBindings, diagnostics: &diagnostics)

    let services = sortedBindings.map { binding in
      L7Service(
        name: binding.service.name, namespace: binding.service.namespace, hostname: binding.hostname,
        ports: binding.ports, waypoint: binding.waypointKey,
        routes: (candidates[binding.key] ?? []).sorted(by: RouteCandidate.precedes).map(\.route),
        defaultPolicy: defaults[binding.key], policies: policies[binding.key] ?? [],
        jwtProviders: providers[binding.key] ?? [])
    }
    return L7Translation(services: services, diagnostics: diagnostics, jwksURIs: jwksURIs)
  }

  private static func authorizationPolicies(
    _ sources: [KubeAuthorizationPolicy], bindings: [WaypointBinding], targeting: L7PolicyTargeting,
    diagnostics: inout [ObjectDiagnostic]
  ) -> [String: [L7AuthorizationPolicy]] {
    var result: [String: [L7AuthorizationPolicy]] = [:]
    for source in sources.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
      let targetProblems = L7PolicyTargeting.unsupportedTargets(source.targetRefs)
      let applied = bindings.filter {
        targeting.applies(
          namespace: source.namespace, targetRefs: source.targetRefs, selector: source.selectorMatchLabels, to: $0)
      }
      guard !applied.isEmpty || !targetProblems.isEmpty else { continue }
      let conversion = L7PolicyConverter.convert(source)
      if let policy = conversion.policy {
        for binding in applied { result[binding.key, default: []].append(policy) }
      }
      let problems = targetProblems + conversion.problems
      diagnostics.append(
        ObjectDiagnostic(
          kind: "AuthorizationPolicy", namespace: source.namespace, name: source.name, accepted: problems.isEmpty,
          reason: problems.isEmpty
            ? ObjectDiagnostic.Reason.appliesAtWaypoint
            : (source.action == .audit || source.action == .custom
              ? ObjectDiagnostic.Reason.unsupportedValue : ObjectDiagnostic.Reason.invalidValue),
          message: (problems + [appliedMessage(applied)]).joined(separator: "; ")))
    }
    return result
  }

  private static func jwtProviders(
    _ sources: [RequestAuthentication], bindings: [WaypointBinding], targeting: L7PolicyTargeting,
    jwks: [String: JWKSState], uris: inout Set<String>, diagnostics: inout [ObjectDiagnostic]
  ) -> [String: [JWTProvider]] {
    var result: [String: [JWTProvider]] = [:]
    for source in sources.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
      let conversion = RequestAuthenticationConverter.convert(source, jwks: jwks)
      uris.formUnion(conversion.jwksURIs)
      let applied = bindings.filter {
        targeting.applies(
          namespace: source.namespace, targetRefs: source.targetRefs, selector: source.selectorMatchLabels, to: $0)
      }
      for binding in applied { result[binding.key, default: []] += conversion.providers }
      let problems = L7PolicyTargeting.unsupportedTargets(source.targetRefs) + conversion.problems
      let keyProblem = conversion.problems.contains { $0.contains("jwksUri") || $0.contains(".jwks:") }
      diagnostics.append(
        ObjectDiagnostic(
          kind: "RequestAuthentication", namespace: source.namespace, name: source.name, accepted: problems.isEmpty,
          reason: problems.isEmpty
            ? ObjectDiagnostic.Reason.accepted
            : (keyProblem ? L7DiagnosticReason.jwksUnavailable : ObjectDiagnostic.Reason.invalidValue),
          message: (problems + [appliedMessage(applied)]).joined(separator: "; ")))
    }
    return result
  }

  /// The default policy per Service key; the oldest VirtualService for a host wins (then
  /// `namespace/name`), the others are reported as conflicts.
  private static func virtualServicePolicies(
    _ sources: [VirtualService], bindings: [WaypointBinding], diagnostics: inout [ObjectDiagnostic]
  ) -> [String: L7RoutePolicy] {
    var result: [String: L7RoutePolicy] = [:]
    var owner: [String: String] = [:]
    let ordered = sources.sorted {
      ($0.object.creationTimestamp ?? "~", $0.namespace, $0.name) < (
        $1.object.creationTimestamp ?? "~", $1.namespace, $1.name
      )
    }
    for source in ordered {
      let gateways = source.gateways
      guard gateways.isEmpty || gateways.contains("mesh") else { continue }
      let reading = VirtualServicePolicyReader.read(source)
      let named = bindings.filter { binding in source.hosts.contains { binding.isNamed($0, from: source.namespace) } }
      var notes = reading.problems + reading.notes
      var conflicts: [String] = []
      if let policy = reading.policy {
        for binding in named {
          if let first = owner[binding.key] {
            conflicts.append("\(binding.key) already has its policy from VirtualService \(first)")
            continue
          }
          owner[binding.key] = "\(source.namespace)/\(source.name)"
          result[binding.key] = policy
        }
      }
      notes += conflicts
      let message =
        named.isEmpty
        ? "spec.hosts name no Service with a waypoint; timeouts, retries and faults apply only at waypoints"
        : "applies to \(named.map(\.key).joined(separator: ", ")) at their waypoints"
      diagnostics.append(
        ObjectDiagnostic(
          kind: "VirtualService", namespace: source.namespace, name: source.name,
          accepted: reading.problems.isEmpty && conflicts.isEmpty,
          reason: !reading.problems.isEmpty
            ? ObjectDiagnostic.Reason.invalidValue
            : (conflicts.isEmpty ? ObjectDiagnostic.Reason.accepted : L7DiagnosticReason.conflict),
          message: (notes + [message]).joined(separator: "; ")))
    }
    return result
  }

  private static func appliedMessage(_ applied: [WaypointBinding]) -> String {
    guard !applied.isEmpty else { return "applies to no Service with a waypoint" }
    return "enforced at waypoint for \(applied.map { "\($0.key) (\($0.waypointKey))" }.joined(separator: ", "))"
  }
}
