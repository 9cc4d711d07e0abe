extension L7AuthorizationPolicy {
  var wire: Mesh_Waypoint_V1_AuthorizationPolicy {
    .with {
      $0.name = name
      $0.namespace = namespace
      $0.action = action == .allow ? .allow : .deny
      $0.rules = rules.map { rule in
        .with {
          $0.from = rule.from.map(\.wire)
          $0.to = rule.to.map(\.wire)
          $0.when = rule.when.map { condition in
            .with {
              $0.key = condition.key
              $0.values = condition.values
              $0.notValues = condition.notValues
            }
          }
        }
      }
    }
  }

  /// An unknown action rejects the policy: guessing ALLOW for a DENY would open traffic.
  init(wire w: Mesh_Waypoint_V1_AuthorizationPolicy, resource r: String, field f: String) throws(WireDecodingError) {
    guard !w.name.isEmpty else { throw WireDecodingError(resource: r, field: "\(f).name", problem: "is empty") }
    let action: Action
    switch w.action {
    case .allow: action = .allow
    case .deny: action = .deny
    case .unspecified, .UNRECOGNIZED:
      throw WireDecodingError(resource: r, field: "\(f).action", problem: "is unset or unknown")
    }
    var rules: [L7AuthorizationRule] = []
    for (i, rule) in w.rules.enumerated() {
      var when: [L7Condition] = []
      for (j, c) in rule.when.enumerated() {
        guard !c.key.isEmpty else {
          throw WireDecodingError(resource: r, field: "\(f).rules[\(i)].when[\(j)].key", problem: "is empty")
        }
        when.append(L7Condition(key: c.key, values: c.values, notValues: c.notValues))
      }
      rules.append(
        L7AuthorizationRule(
          from: rule.from.map(L7Source.init(wire:)), to: rule.to.map(L7Operation.init(wire:)), when: when))
    }
    self.init(name: w.name, namespace: w.namespace, action: action, rules: rules)
  }
}

extension L7Source {
  var wire: Mesh_Waypoint_V1_Source {
    .with {
      $0.principals = principals
      $0.notPrincipals = notPrincipals
      $0.requestPrincipals = requestPrincipals
      $0.notRequestPrincipals = notRequestPrincipals
      $0.namespaces = namespaces
      $0.notNamespaces = notNamespaces
      $0.ipBlocks = ipBlocks
      $0.notIpBlocks = notIpBlocks
      $0.remoteIpBlocks = remoteIpBlocks
      $0.notRemoteIpBlocks = notRemoteIpBlocks
    }
  }

  init(wire w: Mesh_Waypoint_V1_Source) {
    self.init()
    principals = w.principals
    notPrincipals = w.notPrincipals
    requestPrincipals = w.requestPrincipals
    notRequestPrincipals = w.notRequestPrincipals
    namespaces = w.namespaces
    notNamespaces = w.notNamespaces
    ipBlocks = w.ipBlocks
    notIpBlocks = w.notIpBlocks
    remoteIpBlocks = w.remoteIpBlocks
    notRemoteIpBlocks = w.notRemoteIpBlocks
  }
}

extension L7Operation {
  var wire: Mesh_Waypoint_V1_Operation {
    .with {
      $0.hosts = hosts
      $0.notHosts = notHosts
      $0.ports = ports
      $0.notPorts = notPorts
      $0.methods = methods
      $0.notMethods = notMethods
      $0.paths = paths
      $0.notPaths = notPaths
    }
  }

  init(wire w: Mesh_Waypoint_V1_Operation) {
    self.init()
    hosts = w.hosts
    notHosts = w.notHosts
    ports = w.ports
    notPorts = w.notPorts
    methods = w.methods
    notMethods = w.notMethods
    paths = w.paths
    notPaths = w.notPaths
  }
}
