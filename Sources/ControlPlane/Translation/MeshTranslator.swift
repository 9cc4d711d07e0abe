import Kube
import Shared

/// The heart of the control plane: the cluster's objects in, exactly what the ztunnels get over
/// xDS (Istio's workload API) out, plus a diagnostic for every object users should hear about.
///
/// Pure and deterministic: no I/O, no clocks, sorted output, so the same cluster state always
/// yields an equal snapshot and the xDS cache's content hashes do not churn. One bad object
/// never affects the others: it is reported and, for policies, fails closed on its own.
public enum MeshTranslator {
  /// With a `memo`, consecutive translations reuse per-pod results when only pods changed; the
  /// result is the same as without one.
  public static func translate(
    _ cluster: ClusterSnapshot, config: MeshConfig, memo: TranslationMemo? = nil
  )
    -> MeshSnapshot
  {
    var log = DiagnosticLog()
    let waypoints = WaypointResolver(gateways: cluster.gateways, config: config)
    let serviceBuilder = ServiceBuilder(config: config)

    // Namespace-level labels: enrollment typos and waypoints that cannot be used.
    var namespaceChoices: [String: WaypointChoice] = [:]
    for (name, namespace) in cluster.namespaces {
      if let diagnostic = Enrollment.labelDiagnostic(
        kind: "Namespace", namespace: "", name: name, labels: namespace.labels)
      {
        log.add(diagnostic)
      }
      let choice = WaypointChoice(labels: namespace.labels, ownNamespace: name)
      namespaceChoices[name] = choice
      if let problem = waypoints.problem(with: choice) {
        log.add(waypointDiagnostic(kind: "Namespace", namespace: "", name: name, problem))
      }
    }
    for gateway in cluster.gateways {
      if let diagnostic = WaypointResolver.gatewayDiagnostic(gateway) { log.add(diagnostic) }
    }

    let services = translateServices(
      cluster.services, builder: serviceBuilder, waypoints: waypoints, namespaceChoices: namespaceChoices, log: &log)

    // Authorization policies, and which pods the selector-scoped ones govern.
    var policies: [String: AuthorizationPolicy] = [:]
    var selectorPolicies: [(key: String, selector: PolicySelector)] = []
    for source in cluster.authorizationPolicies {
      let conversion = PolicyConverter.convert(source, config: config)
      log.add(conversion.diagnostic)
      guard let policy = conversion.policy else { continue }
      policies[policy.key] = policy
      if let selector = conversion.selector { selectorPolicies.append((policy.key, selector)) }
    }
    let peerAuthentication = PeerAuthenticationConverter(cluster.peerAuthentications, config: config)
    log.add(peerAuthentication.diagnostics)

    // Pods: when nothing but pods changed since the memo's translation, pods whose
    // resourceVersion is unchanged reuse their last outcome (the per-pod work dominates at scale).
    let context = memo == nil ? nil : TranslationMemo.contextKey(cluster, config: config)
    let reusable = context.flatMap { memo?.entries(ifContext: $0) }
    var fresh: [String: TranslationMemo.PodOutcome] = [:]
    let membership = ServiceMembership(
      services: cluster.services, endpointSlices: cluster.endpointSlices, builder: serviceBuilder)
    let podContext = PodContext(
      config: config, namespaces: cluster.namespaces, namespaceChoices: namespaceChoices, waypoints: waypoints,
      selectorPolicies: selectorPolicies, peerAuthentication: peerAuthentication, membership: membership,
      workloadBuilder: WorkloadBuilder(config: config))
    var workloads: [Workload] = []
    workloads.reserveCapacity(cluster.pods.count)
    for pod in cluster.pods {
      let key = "\(pod.namespace)/\(pod.name)"
      let outcome: TranslationMemo.PodOutcome
      if let cached = reusable?[key], !pod.resourceVersion.isEmpty, cached.resourceVersion == pod.resourceVersion {
        outcome = cached
      } else {
        outcome = podContext.translate(pod)
      }
      if context != nil, !pod.resourceVersion.isEmpty { fresh[key] = outcome }
      log.add(outcome.diagnostics)
      if let converted = outcome.converted { policies[converted.key] = converted }
      if let workload = outcome.workload { workloads.append(workload) }
    }
    if let memo, let context { memo.store(context: context, entries: fresh) }

    let l7 = L7Translator.translate(
      cluster, config: config, waypoints: waypoints, namespaceChoices: namespaceChoices)
    log.add(l7.diagnostics)

    return MeshSnapshot(
      workloads: workloads.sorted { $0.uid < $1.uid },
      services: services.sorted { $0.resourceName < $1.resourceName },
      policies: policies.values.sorted { $0.key < $1.key },
      diagnostics: log.all, waypointServices: l7.services, jwksURIs: l7.jwksURIs)
  }

  private static func translateServices(
    _ sources: [KubeService], builder: ServiceBuilder, waypoints: WaypointResolver,
    namespaceChoices: [String: WaypointChoice], log: inout DiagnosticLog
  ) -> [Shared.Service] {
    var services: [Shared.Service] = []
    for source in sources {
      let ownChoice = WaypointChoice(labels: source.labels, ownNamespace: source.namespace)
      if let problem = waypoints.problem(with: ownChoice) {
        log.add(waypointDiagnostic(kind: "Service", namespace: source.namespace, name: source.name, problem))
      }
      // The waypoint's own Service is where HBONE to the waypoint goes; it never uses one itself.
      let waypoint =
        Enrollment.isWaypointPod(source.labels)
        ? nil
        : waypoints.address(
          for: ownChoice.orElse(namespaceChoices[source.namespace] ?? .unset), target: .service)
      if let service = builder.build(source, waypoint: waypoint) { services.append(service) }
    }
    return services
  }

  static func waypointDiagnostic(
    kind: String, namespace: String, name: String, _ problem: String
  )
    -> ObjectDiagnostic
  {
    ObjectDiagnostic(
      kind: kind, namespace: namespace, name: name, accepted: false,
      reason: ObjectDiagnostic.Reason.waypointNotReady, message: problem)
  }
}
