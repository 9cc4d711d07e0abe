import Kube
import Shared

/// PeerAuthentication (mTLS STRICT/PERMISSIVE/DISABLE) as ztunnel enforces it: a DENY policy that
/// refuses connections without a peer identity on the ports that must be mutual TLS.
///
/// The effective mode of a workload comes from the oldest workload-selector policy selecting it,
/// else its namespace's policy, else the mesh's (root namespace), else PERMISSIVE; UNSET inherits
/// from the next level and port-level entries override per port. The generated policies are
/// workload-selector scoped and listed on the workloads they govern, so that a more specific
/// PERMISSIVE policy really does override a wider STRICT one.
struct PeerAuthenticationConverter: Sendable {
  static let kind = "PeerAuthentication"
  static let meshPolicyName = "istio_converted_static_strict"
  static let convertedPrefix = "converted_peer_authentication_"

  private let config: MeshConfig
  private let mesh: PeerAuthenticationPolicy?
  private let namespaceWide: [String: PeerAuthenticationPolicy]
  /// Per namespace, in precedence order.
  private let selecting: [String: [PeerAuthenticationPolicy]]
  /// One per PeerAuthentication.
  let diagnostics: [ObjectDiagnostic]

  init(_ sources: [PeerAuthentication], config: MeshConfig) {
    self.config = config
    let policies = sources.map(PeerAuthenticationPolicy.init).sorted(by: PeerAuthenticationPolicy.precedes)
    var namespaceWide: [String: PeerAuthenticationPolicy] = [:]
    var selecting: [String: [PeerAuthenticationPolicy]] = [:]
    var diagnostics: [ObjectDiagnostic] = []
    for policy in policies {
      var problems = policy.problems
      if policy.selector != nil {
        selecting[policy.namespace, default: []].append(policy)
      } else if let winner = namespaceWide[policy.namespace] {
        let level = policy.namespace == config.rootNamespace ? "mesh-wide" : "namespace-wide"
        problems.append(
          "another \(level) PeerAuthentication, \(winner.namespace)/\(winner.name), is older and applies instead; "
            + "this one is ignored")
      } else {
        namespaceWide[policy.namespace] = policy
      }
      let ignored = problems.contains { $0.hasSuffix("is ignored") }
      diagnostics.append(
        ObjectDiagnostic(
          kind: Self.kind, namespace: policy.namespace, name: policy.name, accepted: problems.isEmpty,
          reason: problems.isEmpty
            ? ObjectDiagnostic.Reason.accepted
            : (ignored && problems.count == 1
              ? ObjectDiagnostic.Reason.conflict : ObjectDiagnostic.Reason.invalidValue),
          message: problems.joined(separator: "; ")))
    }
    self.mesh = namespaceWide[config.rootNamespace]
    self.namespaceWide = namespaceWide
    self.selecting = selecting
    self.diagnostics = diagnostics
  }

  /// The policy that makes `pod` refuse plaintext where its effective mode is STRICT, or `nil`
  /// when it accepts plaintext on every port. Only meaningful for pods in the mesh.
  func policy(for pod: Pod) -> AuthorizationPolicy? {
    // The level above the workload: its namespace's policy (the root namespace's is the mesh's),
    // then the mesh's, each only when it sets a mode.
    var inherited: (mode: MutualTLSMode, governor: PeerAuthenticationPolicy?) = (.permissive, nil)
    if let meshPolicy = mesh, meshPolicy.mode != .unset { inherited = (meshPolicy.mode, meshPolicy) }
    if pod.namespace != config.rootNamespace, let namespacePolicy = namespaceWide[pod.namespace],
      namespacePolicy.mode != .unset
    {
      inherited = (namespacePolicy.mode, namespacePolicy)
    }

    var base = inherited.mode
    var governor = inherited.governor
    var ports: [UInt16: MutualTLSMode] = [:]
    let workloadPolicy = (selecting[pod.namespace] ?? []).first { $0.selector?.matches(pod.labels) == true }
    if let workloadPolicy, workloadPolicy.mode != .unset || !workloadPolicy.ports.isEmpty {
      if workloadPolicy.mode != .unset { base = workloadPolicy.mode }
      governor = workloadPolicy
      ports = workloadPolicy.ports
    }
    guard let governor else { return nil }

    var strictPorts: [UInt16] = []
    var otherPorts: [UInt16] = []
    for (port, mode) in ports {
      if (mode == .unset ? base : mode) == .strict { strictPorts.append(port) } else { otherPorts.append(port) }
    }
    var match = AuthorizationMatch(notPrincipals: [.presence])
    if base == .strict {
      match.notDestinationPorts = otherPorts.sorted()
    } else if !strictPorts.isEmpty {
      match.destinationPorts = strictPorts.sorted()
    } else {
      return nil
    }
    let isMesh = governor.namespace == config.rootNamespace && governor.selector == nil
    return AuthorizationPolicy(
      name: isMesh ? Self.meshPolicyName : Self.convertedPrefix + governor.name,
      namespace: isMesh ? config.rootNamespace : governor.namespace, scope: .workloadSelector, action: .deny,
      rules: [AuthorizationRule(clauses: [AuthorizationClause(matches: [match])])])
  }
}
