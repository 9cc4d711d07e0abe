import Kube
import Shared

/// An AuthorizationPolicy as the waypoint enforces it, failing closed: a malformed ALLOW rule
/// matches nothing (is dropped) and a malformed DENY rule matches everything; CUSTOM (no external
/// authorizers here) and an unknown action deny everything; AUDIT is not enforced. Each is
/// reported.
enum L7PolicyConverter {
  struct Conversion: Sendable {
    /// `nil`: nothing to enforce (AUDIT).
    var policy: L7AuthorizationPolicy?
    var problems: [String]
  }

  static func convert(_ source: KubeAuthorizationPolicy) -> Conversion {
    func policy(_ action: L7AuthorizationPolicy.Action, _ rules: [L7AuthorizationRule]) -> L7AuthorizationPolicy {
      L7AuthorizationPolicy(name: source.name, namespace: source.namespace, action: action, rules: rules)
    }
    let denyAll = policy(.deny, [L7AuthorizationRule()])
    guard let action = source.action else {
      return Conversion(
        policy: denyAll,
        problems: [
          "spec.action: \(source.actionText.map { "\"\($0)\"" } ?? "the value") is not one of ALLOW, DENY, AUDIT, "
            + "CUSTOM; the waypoint denies every request until it is fixed (fail closed)"
        ])
    }
    switch action {
    case .audit:
      return Conversion(policy: nil, problems: ["spec.action: AUDIT is not supported at the waypoint: not enforced"])
    case .custom:
      let provider = source.providerName.map { " (provider \"\($0)\")" } ?? ""
      return Conversion(
        policy: denyAll,
        problems: [
          "spec.action: CUSTOM\(provider) is not supported by this mesh; the waypoint denies every request "
            + "instead (fail closed)"
        ])
    case .allow, .deny:
      let allow = action == .allow
      guard let written = source.spec["rules"], !written.isNull else {
        return Conversion(policy: policy(allow ? .allow : .deny, []), problems: [])
      }
      guard let list = written.arrayValue else {
        return Conversion(
          policy: allow ? policy(.allow, []) : denyAll,
          problems: ["spec.rules: must be a list of rules; \(allow ? "nothing is allowed" : "every request is denied")"]
        )
      }
      var rules: [L7AuthorizationRule] = []
      var problems: [String] = []
      for (index, rule) in list.enumerated() {
        let path = "spec.rules[\(index)]"
        let (read, found) = L7RuleReader.read(rule, path: path)
        if found.isEmpty {
          rules.append(read)
        } else {
          problems.append(
            found.joined(separator: "; ")
              + (allow
                ? "; so ALLOW rule \(path) matches nothing at the waypoint (fail closed)"
                : "; so DENY rule \(path) matches every request at the waypoint (fail closed)"))
          if !allow { rules.append(L7AuthorizationRule()) }
        }
      }
      return Conversion(policy: policy(allow ? .allow : .deny, rules), problems: problems)
    }
  }
}
