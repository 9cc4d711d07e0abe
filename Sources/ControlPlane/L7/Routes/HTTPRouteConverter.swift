import Kube
import Shared

/// One HTTPRoute to the routes of the Services it attaches to (GAMMA: a `Service` parent; or a
/// waypoint `Gateway` parent, which applies to every Service the waypoint serves, narrowed by
/// `hostnames`), with a verdict per parent for `status.parents`.
///
/// Nothing here fails open or silently reroutes: a rule with an invalid or unsupported part answers
/// HTTP 500 instead of running without the part, and a backendRef that does not resolve keeps its
/// share of traffic as HTTP 500 (Gateway API), so traffic never moves to backends the author did
/// not weigh for it.
struct HTTPRouteConverter {
  /// Bound Services by `namespace/name`.
  let bindings: [String: WaypointBinding]
  /// Bound Services by waypoint `namespace/name`.
  let bindingsByWaypoint: [String: [WaypointBinding]]
  /// Every Service by `namespace/name`, for parents and backends.
  let services: [String: KubeService]
  /// `namespace/name` of every Gateway of the waypoint class.
  let waypointGateways: Set<String>
  let config: MeshConfig

  struct Output {
    /// By Service key (`namespace/hostname`).
    var candidates: [String: [RouteCandidate]] = [:]
    var diagnostic: ObjectDiagnostic?
  }

  private struct Target {
    var binding: WaypointBinding
    var port: Int?
  }

  func convert(_ route: HTTPRoute) -> Output {
    var output = Output()
    var verdicts: [RouteParentVerdict] = []
    var targets: [Target] = []
    for parent in route.parentRefs {
      guard let (verdict, found) = attach(parent, route: route) else { continue }
      verdicts.append(verdict)
      targets += found
    }
    guard !verdicts.isEmpty else { return output }

    var reader = RouteRuleReader()
    var backendProblems: [(reason: String, message: String)] = []
    var rules: [(index: Int, route: L7Route, matches: [L7RouteMatch])] = []
    let routeKey = "\(route.namespace)/\(route.name)"
    for (index, rule) in route.routeRules.enumerated() {
      let path = "spec.rules[\(index)]"
      let problemsBefore = reader.problems.count + reader.unsupported.count
      let matches = reader.matches(rule, path: path)
      let filters = reader.filters(rule.filters, path: "\(path).filters")
      var requestTimeout: Duration?
      var backendTimeout: Duration?
      do throws(DurationText.Problem) {
        requestTimeout = try rule.timeouts?.request.map(DurationText.parse)
        backendTimeout = try rule.timeouts?.backendRequest.map(DurationText.parse)
      } catch {
        reader.problems.append("\(path).timeouts: \(error.message)")
      }
      var backends: [L7Backend] = []
      for (b, ref) in rule.backendRefs.enumerated() {
        let resolved = backend(ref, route: route, path: "\(path).backendRefs[\(b)]")
        if case .invalid(let reason, _) = resolved.backend, let failure = resolved.failure {
          backendProblems.append((failure, reason))
        }
        backends.append(resolved.backend)
      }
      let broken = reader.problems.count + reader.unsupported.count > problemsBefore
      let l7 = L7Route(
        route: routeKey, ruleIndex: index, matches: matches, filters: broken ? [] : filters,
        backends: broken ? [.invalid(reason: "\(path) of HTTPRoute \(routeKey) is invalid", weight: 1)] : backends,
        requestTimeout: requestTimeout, backendRequestTimeout: backendTimeout)
      rules.append((index, l7, matches))
    }

    for target in targets {
      for rule in rules {
        for (matchIndex, match) in rule.matches.enumerated() {
          var single = rule.route
          single.matches = [match]
          single.port = target.port
          output.candidates[target.binding.key, default: []].append(
            RouteCandidate(
              route: single, createdAt: route.object.creationTimestamp ?? "", routeKey: routeKey,
              matchIndex: matchIndex))
        }
      }
    }

    let ruleProblems = reader.problems + reader.unsupported
    verdicts = verdicts.map { verdict in
      var verdict = verdict
      if verdict.accepted, !ruleProblems.isEmpty {
        verdict.accepted = false
        verdict.acceptedReason = RouteParentVerdict.Reason.unsupportedValue
        verdict.acceptedMessage =
          ruleProblems.joined(separator: "; ") + "; requests matching those rules get HTTP 500, the other rules apply"
      }
      if let first = backendProblems.first {
        verdict.resolvedRefs = false
        verdict.resolvedRefsReason = first.reason
        verdict.resolvedRefsMessage =
          backendProblems.map(\.message).joined(separator: "; ") + "; requests sent to them get HTTP 500"
      }
      return verdict
    }
    output.diagnostic = Self.diagnostic(for: route, verdicts: verdicts)
    return output
  }

  static func diagnostic(for route: HTTPRoute, verdicts: [RouteParentVerdict]) -> ObjectDiagnostic {
    var messages: [String] = []
    var reason = ObjectDiagnostic.Reason.accepted
    for verdict in verdicts {
      let parent = "parentRef \(verdict.parentRef.kind)/\(verdict.parentRef.name)"
      if !verdict.accepted {
        if reason == ObjectDiagnostic.Reason.accepted { reason = verdict.acceptedReason }
        messages.append("\(parent): \(verdict.acceptedMessage)")
      }
      if !verdict.resolvedRefs {
        if reason == ObjectDiagnostic.Reason.accepted { reason = verdict.resolvedRefsReason }
        messages.append("\(parent): \(verdict.resolvedRefsMessage)")
      }
    }
    let accepted = messages.isEmpty
    let summary = uniqued(messages)
    return ObjectDiagnostic(
      kind: "HTTPRoute", namespace: route.namespace, name: route.name, accepted: accepted, reason: reason,
      message: accepted ? verdicts.map(\.acceptedMessage).joined(separator: "; ") : summary.joined(separator: "; "),
      routeParents: verdicts)
  }

  /// `nil` when the parent is not this mesh's (another controller's Gateway): its status entry is
  /// not ours to write.
  private func attach(_ parent: ParentReference, route: HTTPRoute) -> (RouteParentVerdict, [Target])? {
    let namespace = parent.namespace ?? route.namespace
    let key = "\(namespace)/\(parent.name)"
    func verdict(_ accepted: Bool, _ reason: String, _ message: String) -> RouteParentVerdict {
      RouteParentVerdict(
        parentRef: parent, accepted: accepted, acceptedReason: reason, acceptedMessage: message, resolvedRefs: true,
        resolvedRefsReason: RouteParentVerdict.Reason.resolvedRefs, resolvedRefsMessage: "all backendRefs resolved")
    }
    if parent.kind == "Service", parent.group.isEmpty || parent.group == "core" {
      guard let service = services[key] else {
        return (verdict(false, RouteParentVerdict.Reason.noMatchingParent, "there is no Service \(key)"), [])
      }
      if let port = parent.port, !service.ports.contains(where: { $0.port == port }) {
        return (
          verdict(false, RouteParentVerdict.Reason.noMatchingParent, "Service \(key) has no port \(port)"), []
        )
      }
      guard let binding = bindings[key] else {
        return (
          verdict(
            false, RouteParentVerdict.Reason.noMatchingParent,
            "Service \(key) has no usable waypoint (istio.io/use-waypoint on the Service or its Namespace, naming "
              + "a programmed waypoint Gateway): mesh routes apply only at a waypoint"), []
        )
      }
      return (
        verdict(
          true, RouteParentVerdict.Reason.accepted, "attached to Service \(key) at waypoint \(binding.waypointKey)"),
        [Target(binding: binding, port: parent.port)]
      )
    }
    guard parent.kind == "Gateway", parent.group == ParentReference.defaultGroup, waypointGateways.contains(key) else {
      return nil
    }
    let hostnames = route.hostnames
    let served = (bindingsByWaypoint[key] ?? []).filter { binding in
      hostnames.isEmpty || hostnames.contains { binding.isNamed($0, from: route.namespace) }
    }
    let message =
      served.isEmpty
      ? "attached to waypoint \(key), which serves no Service\(hostnames.isEmpty ? "" : " named by spec.hostnames") yet"
      : "attached to waypoint \(key) for \(served.map(\.key).joined(separator: ", "))"
    return (
      verdict(true, RouteParentVerdict.Reason.accepted, message), served.map { Target(binding: $0, port: parent.port) }
    )
  }

  private func backend(_ ref: HTTPBackendRef, route: HTTPRoute, path: String) -> (backend: L7Backend, failure: String?)
  {
    let namespace = ref.namespace ?? route.namespace
    let key = "\(namespace)/\(ref.name)"
    func invalid(_ reason: String, _ message: String) -> (L7Backend, String?) {
      (.invalid(reason: "\(path): \(message)", weight: ref.weight), reason)
    }
    guard ref.kind == "Service", ref.group.isEmpty || ref.group == "core" else {
      return invalid(
        RouteParentVerdict.Reason.invalidKind,
        "kind \(ref.group.isEmpty ? "" : "\(ref.group)/")\(ref.kind) is not supported (only Service)")
    }
    guard namespace == route.namespace else {
      return invalid(
        RouteParentVerdict.Reason.refNotPermitted,
        "Service \(key) is in another namespace; cross-namespace backends (ReferenceGrant) are not supported")
    }
    guard let service = services[key] else {
      return invalid(RouteParentVerdict.Reason.backendNotFound, "there is no Service \(key)")
    }
    guard let port = ref.port else {
      return invalid(RouteParentVerdict.Reason.backendNotFound, "port is required for a Service backend")
    }
    guard service.ports.contains(where: { $0.port == port }) else {
      return invalid(RouteParentVerdict.Reason.backendNotFound, "Service \(key) has no port \(port)")
    }
    let hostname = "\(service.name).\(service.namespace).svc.\(config.domainSuffix)"
    return (.service(key: "\(namespace)/\(hostname)", port: port, weight: ref.weight), nil)
  }
}

/// The elements of `items` in order, duplicates dropped.
private func uniqued(_ items: [String]) -> [String] {
  var seen = Set<String>()
  return items.filter { seen.insert($0).inserted }
}
