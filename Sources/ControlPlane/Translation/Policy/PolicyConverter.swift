import Kube
import Shared

/// Istio AuthorizationPolicies to ztunnel's L4 model (wire-facts §3), never failing open.
///
/// ztunnel sees connections, not requests, so whatever it cannot evaluate is resolved toward
/// denying: an ALLOW rule that needs L7 attributes or has a malformed value matches nothing; a
/// DENY rule loses its L7 parts (denying more than asked) and, with a malformed value, matches
/// everything in scope. Unsupported actions become a DENY of everything in scope.
enum PolicyConverter {
  static let kind = "AuthorizationPolicy"
  static let dryRunAnnotation = "istio.io/dry-run"

  static func convert(_ source: KubeAuthorizationPolicy, config: MeshConfig) -> PolicyConversion {
    func diagnostic(accepted: Bool, reason: String, _ message: String) -> ObjectDiagnostic {
      ObjectDiagnostic(
        kind: kind, namespace: source.namespace, name: source.name, accepted: accepted, reason: reason,
        message: message)
    }

    let targets = source.targetRefs
    if !targets.isEmpty || source.spec["targetRef"] != nil || source.spec["targetRefs"] != nil {
      let named = targets.map { "\($0.kind)/\($0.name)" }.joined(separator: ", ")
      return PolicyConversion(
        policy: nil, selector: nil,
        diagnostic: diagnostic(
          accepted: true, reason: ObjectDiagnostic.Reason.appliesAtWaypoint,
          "spec.targetRefs\(named.isEmpty ? "" : " (\(named))") attaches the policy to a waypoint or service: "
            + "it applies at the waypoint and is not sent to ztunnel"))
    }

    let (scope, selector) = scope(of: source, config: config)
    func policy(_ action: PolicyAction, _ rules: [AuthorizationRule]) -> AuthorizationPolicy {
      AuthorizationPolicy(
        name: source.name, namespace: source.namespace, scope: scope, action: action, rules: rules,
        dryRun: source.annotations[dryRunAnnotation] == "true")
    }
    /// A rule without clauses matches every connection.
    let denyEverything = policy(.deny, [AuthorizationRule(clauses: [])])

    guard let action = source.action else {
      let written = source.actionText.map { "\"\($0)\"" } ?? "the value"
      return PolicyConversion(
        policy: denyEverything, selector: selector,
        diagnostic: diagnostic(
          accepted: false, reason: ObjectDiagnostic.Reason.invalidValue,
          "spec.action: \(written) is not one of ALLOW, DENY, AUDIT, CUSTOM; denying every connection in the "
            + "policy's scope until it is fixed (fail closed)"))
    }
    switch action {
    case .audit:
      return PolicyConversion(
        policy: nil, selector: nil,
        diagnostic: diagnostic(
          accepted: false, reason: ObjectDiagnostic.Reason.unsupportedValue,
          "spec.action: AUDIT only logs, and this mesh does not audit at L4: the policy is not enforced"))
    case .custom:
      let provider = source.providerName.map { " (provider \"\($0)\")" } ?? ""
      return PolicyConversion(
        policy: denyEverything, selector: selector,
        diagnostic: diagnostic(
          accepted: false, reason: ObjectDiagnostic.Reason.unsupportedValue,
          "spec.action: CUSTOM\(provider) is not supported by this mesh; denying every connection in the "
            + "policy's scope instead (fail closed)"))
    case .allow, .deny:
      let isAllow = action == .allow
      let (rules, outcome) = rules(of: source, allow: isAllow)
      return PolicyConversion(
        policy: policy(isAllow ? .allow : .deny, rules), selector: selector,
        diagnostic: diagnostic(accepted: outcome.accepted, reason: outcome.reason, outcome.message))
    }
  }

  /// Root namespace without selector: global; without selector: namespace; with non-empty
  /// `selector.matchLabels`: the selected workloads.
  private static func scope(of source: KubeAuthorizationPolicy, config: MeshConfig) -> (PolicyScope, PolicySelector?) {
    let inRoot = source.namespace == config.rootNamespace
    if let labels = source.selectorMatchLabels, !labels.isEmpty {
      return (.workloadSelector, PolicySelector(matchLabels: labels, namespace: inRoot ? nil : source.namespace))
    }
    return (inRoot ? .global : .namespace, nil)
  }

  private struct Outcome {
    var accepted = true
    var reason = ObjectDiagnostic.Reason.accepted
    var message = ""
  }

  private static func rules(of source: KubeAuthorizationPolicy, allow: Bool) -> ([AuthorizationRule], Outcome) {
    guard let written = source.spec["rules"], !written.isNull else {
      return (
        [], Outcome(message: allow ? "no rules: the policy allows nothing (denies every connection in scope)" : "")
      )
    }
    guard let list = written.arrayValue else {
      let consequence = allow ? "the policy allows nothing" : "the policy denies every connection in scope"
      return (
        allow ? [] : [AuthorizationRule(clauses: [])],
        Outcome(
          accepted: false, reason: ObjectDiagnostic.Reason.invalidValue,
          message: "spec.rules: must be a list of rules; \(consequence) (fail closed)")
      )
    }

    var rules: [AuthorizationRule] = []
    var problems: [String] = []
    var l7Fields: [String] = []
    var invalidRules: [String] = []
    var l7Rules: [String] = []
    for (index, rule) in list.enumerated() {
      let path = "spec.rules[\(index)]"
      let translation = PolicyRuleReader.read(rule, path: path)
      problems += translation.problems
      if !translation.problems.isEmpty {
        invalidRules.append(path)
        if !allow { rules.append(AuthorizationRule(clauses: [])) }
      } else if !translation.l7Fields.isEmpty {
        l7Rules.append(path)
        l7Fields += translation.l7Fields
        if !allow { rules.append(AuthorizationRule(clauses: translation.clauses)) }
      } else {
        rules.append(AuthorizationRule(clauses: translation.clauses))
      }
    }

    var outcome = Outcome()
    var messages: [String] = []
    if !problems.isEmpty {
      outcome.accepted = false
      outcome.reason = ObjectDiagnostic.Reason.invalidValue
      let consequence =
        allow
        ? "so ALLOW rule\(plural(invalidRules)) \(invalidRules.joined(separator: ", ")) match\(verbS(invalidRules)) "
          + "nothing (fail closed)"
        : "so DENY rule\(plural(invalidRules)) \(invalidRules.joined(separator: ", ")) match\(verbS(invalidRules)) "
          + "every connection in scope (fail closed)"
      messages.append(problems.joined(separator: "; ") + "; " + consequence)
    }
    if !l7Rules.isEmpty {
      if outcome.accepted { outcome.reason = ObjectDiagnostic.Reason.l7AttributesIgnored }
      let fields = l7Fields.joined(separator: ", ")
      if allow {
        messages.append(
          "\(fields): L7 attributes cannot be checked by ztunnel (L4), so ALLOW rule\(plural(l7Rules)) "
            + "\(l7Rules.joined(separator: ", ")) match\(verbS(l7Rules)) nothing here and the connections they "
            + "would allow are denied; use targetRefs to enforce the policy at a waypoint")
      } else {
        messages.append(
          "\(fields): L7 attributes cannot be checked by ztunnel (L4), so DENY rule\(plural(l7Rules)) "
            + "\(l7Rules.joined(separator: ", ")) deny\(l7Rules.count == 1 ? "s" : "") on their L4 conditions "
            + "alone (more than asked); use targetRefs to enforce the policy at a waypoint")
      }
    }
    if allow && !list.isEmpty && rules.isEmpty {
      messages.append("no rule is left: the policy allows nothing (denies every connection in scope)")
    } else if list.isEmpty {
      messages.append(allow ? "no rules: the policy allows nothing (denies every connection in scope)" : "")
    }
    outcome.message = messages.filter { !$0.isEmpty }.joined(separator: "; ")
    return (rules, outcome)
  }

  private static func plural(_ items: [String]) -> String { items.count == 1 ? "" : "s" }
  private static func verbS(_ items: [String]) -> String { items.count == 1 ? "es" : "" }
}
