import Shared

/// The verdict for one request.
public enum L7AuthorizationResult: Sendable, Hashable {
  case allow
  /// `policy`: `namespace/name` of the DENY policy that matched; `nil` when ALLOW policies
  /// exist and none matched.
  case deny(policy: String?)
}

/// Istio's L7 authorization at the waypoint: DENY policies first (any matching rule denies), then,
/// if any ALLOW policy applies, a rule of one of them must match. CUSTOM policies reach the
/// waypoint already turned into deny-all by the control plane. Policies are pre-parsed once per
/// configuration; a rule with a value that cannot be read fails closed here too.
public struct L7AuthorizationEvaluator: Sendable {
  struct Policy: Sendable {
    let key: String
    let rules: [CompiledAuthorizationRule]
  }

  let denies: [Policy]
  let allows: [Policy]
  public let problems: [String]

  /// Istio's body for an RBAC denial.
  public static let deniedBody = "RBAC: access denied"

  public init(policies: [L7AuthorizationPolicy]) {
    var denies: [Policy] = []
    var allows: [Policy] = []
    var problems: [String] = []
    for policy in policies {
      var rules: [CompiledAuthorizationRule] = []
      for (index, rule) in policy.rules.enumerated() {
        do throws(InvalidPolicyValue) {
          rules.append(try CompiledAuthorizationRule(rule))
        } catch {
          let effect = policy.action == .allow ? "matches nothing" : "matches every request"
          problems.append("policy \(policy.key) rules[\(index)]: \(error.message); the rule \(effect) (fail closed)")
          if policy.action == .deny { rules.append(.matchAll) }
        }
      }
      switch policy.action {
      case .deny: denies.append(Policy(key: policy.key, rules: rules))
      case .allow: allows.append(Policy(key: policy.key, rules: rules))
      }
    }
    self.denies = denies
    self.allows = allows
    self.problems = problems
  }

  public var isEmpty: Bool { denies.isEmpty && allows.isEmpty }

  /// - Parameters:
  ///   - path: the normalized path without query (what `paths` match).
  ///   - jwt: the validated token, if any.
  public func evaluate(_ request: L7Request, path: Substring, jwt: VerifiedJWT?) -> L7AuthorizationResult {
    guard !isEmpty else { return .allow }
    let attributes = AuthorizationAttributes(request: request, path: path, jwt: jwt)
    for policy in denies where policy.rules.contains(where: { $0.matches(attributes) }) {
      return .deny(policy: policy.key)
    }
    guard !allows.isEmpty else { return .allow }
    for policy in allows where policy.rules.contains(where: { $0.matches(attributes) }) {
      return .allow
    }
    return .deny(policy: nil)
  }
}
