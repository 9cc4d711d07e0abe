import Foundation

extension AuthorizationPolicy {
  public var wire: Istio_Security_Authorization {
    .with {
      $0.name = name
      $0.namespace = namespace
      $0.scope = scope.wire
      $0.action = action == .allow ? .allow : .deny
      $0.rules = rules.map { rule in
        .with { $0.clauses = rule.clauses.map { clause in .with { $0.matches = clause.matches.map(\.wire) } } }
      }
      $0.dryRun = dryRun
    }
  }

  /// Decodes a pushed policy. Anything unreadable (an unknown action or scope, an empty string
  /// matcher, a malformed address) rejects the whole policy: enforcing part of a policy, or
  /// guessing its action, could open traffic the author meant to close.
  public init(wire a: Istio_Security_Authorization) throws(WireDecodingError) {
    let r = "authorization \(a.namespace)/\(a.name)"
    guard !a.name.isEmpty else { throw WireDecodingError(resource: r, field: "name", problem: "is empty") }
    let scope: PolicyScope
    switch a.scope {
    case .global: scope = .global
    case .namespace: scope = .namespace
    case .workloadSelector: scope = .workloadSelector
    case .UNRECOGNIZED(let v): throw WireDecodingError(resource: r, field: "scope", problem: "unknown value \(v)")
    }
    let action: PolicyAction
    switch a.action {
    case .allow: action = .allow
    case .deny: action = .deny
    case .UNRECOGNIZED(let v): throw WireDecodingError(resource: r, field: "action", problem: "unknown value \(v)")
    }
    var rules: [AuthorizationRule] = []
    for (ri, rule) in a.rules.enumerated() {
      var clauses: [AuthorizationClause] = []
      for (ci, clause) in rule.clauses.enumerated() {
        var matches: [AuthorizationMatch] = []
        for (mi, m) in clause.matches.enumerated() {
          matches.append(
            try AuthorizationMatch(wire: m, resource: r, field: "rules[\(ri)].clauses[\(ci)].matches[\(mi)]"))
        }
        clauses.append(AuthorizationClause(matches: matches))
      }
      rules.append(AuthorizationRule(clauses: clauses))
    }
    self.init(name: a.name, namespace: a.namespace, scope: scope, action: action, rules: rules, dryRun: a.dryRun)
  }
}

extension PolicyScope {
  var wire: Istio_Security_Scope {
    switch self {
    case .global: .global
    case .namespace: .namespace
    case .workloadSelector: .workloadSelector
    }
  }
}

extension AuthorizationMatch {
  var wire: Istio_Security_Match {
    .with {
      $0.namespaces = namespaces.map(\.wire)
      $0.notNamespaces = notNamespaces.map(\.wire)
      $0.principals = principals.map(\.wire)
      $0.notPrincipals = notPrincipals.map(\.wire)
      $0.sourceIps = sourceIPs.map(\.wire)
      $0.notSourceIps = notSourceIPs.map(\.wire)
      $0.destinationIps = destinationIPs.map(\.wire)
      $0.notDestinationIps = notDestinationIPs.map(\.wire)
      $0.destinationPorts = destinationPorts.map(UInt32.init)
      $0.notDestinationPorts = notDestinationPorts.map(UInt32.init)
      $0.serviceAccounts = serviceAccounts.map(\.wire)
      $0.notServiceAccounts = notServiceAccounts.map(\.wire)
    }
  }

  init(wire m: Istio_Security_Match, resource r: String, field f: String) throws(WireDecodingError) {
    func strings(_ list: [Istio_Security_StringMatch], _ name: String) throws(WireDecodingError) -> [StringMatch] {
      var out: [StringMatch] = []
      for (i, s) in list.enumerated() { out.append(try StringMatch(wire: s, resource: r, field: "\(f).\(name)[\(i)]")) }
      return out
    }
    func cidrs(_ list: [Istio_Security_Address], _ name: String) throws(WireDecodingError) -> [CIDR] {
      var out: [CIDR] = []
      for (i, a) in list.enumerated() { out.append(try CIDR(wire: a, resource: r, field: "\(f).\(name)[\(i)]")) }
      return out
    }
    func ports(_ list: [UInt32], _ name: String) throws(WireDecodingError) -> [UInt16] {
      var out: [UInt16] = []
      for (i, p) in list.enumerated() { out.append(try Port16.decode(p, resource: r, field: "\(f).\(name)[\(i)]")) }
      return out
    }
    self.init(
      namespaces: try strings(m.namespaces, "namespaces"),
      notNamespaces: try strings(m.notNamespaces, "not_namespaces"),
      principals: try strings(m.principals, "principals"),
      notPrincipals: try strings(m.notPrincipals, "not_principals"),
      sourceIPs: try cidrs(m.sourceIps, "source_ips"), notSourceIPs: try cidrs(m.notSourceIps, "not_source_ips"),
      destinationIPs: try cidrs(m.destinationIps, "destination_ips"),
      notDestinationIPs: try cidrs(m.notDestinationIps, "not_destination_ips"),
      destinationPorts: try ports(m.destinationPorts, "destination_ports"),
      notDestinationPorts: try ports(m.notDestinationPorts, "not_destination_ports"),
      serviceAccounts: m.serviceAccounts.map {
        ServiceAccountMatch(namespace: $0.namespace, serviceAccount: $0.serviceAccount)
      },
      notServiceAccounts: m.notServiceAccounts.map {
        ServiceAccountMatch(namespace: $0.namespace, serviceAccount: $0.serviceAccount)
      })
  }
}

extension ServiceAccountMatch {
  var wire: Istio_Security_ServiceAccountMatch {
    .with {
      $0.namespace = namespace
      $0.serviceAccount = serviceAccount
    }
  }
}

extension StringMatch {
  var wire: Istio_Security_StringMatch {
    .with {
      switch self {
      case .exact(let s): $0.exact = s
      case .prefix(let s): $0.prefix = s
      case .suffix(let s): $0.suffix = s
      case .presence: $0.presence = .init()
      }
    }
  }

  init(wire: Istio_Security_StringMatch, resource: String, field: String) throws(WireDecodingError) {
    switch wire.matchType {
    case .exact(let s): self = .exact(s)
    case .prefix(let s): self = .prefix(s)
    case .suffix(let s): self = .suffix(s)
    case .presence: self = .presence
    case nil: throw WireDecodingError(resource: resource, field: field, problem: "string match has no kind set")
    }
  }
}

extension CIDR {
  var wire: Istio_Security_Address {
    .with {
      $0.address = Data(network.bytes)
      $0.length = UInt32(prefixLength)
    }
  }

  init(wire: Istio_Security_Address, resource: String, field: String) throws(WireDecodingError) {
    let ip = try IPAddress(wire: wire.address, resource: resource, field: "\(field).address")
    do {
      try self.init(ip, prefixLength: Int(wire.length))
    } catch {
      throw WireDecodingError(resource: resource, field: "\(field).length", problem: error.problem)
    }
  }
}
