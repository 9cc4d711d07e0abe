import Shared

/// One AuthorizationPolicy rule, pre-parsed: any `from` AND any `to` AND every `when`.
/// Inside a source or operation every written field must match (values OR, `not*` exclude).
struct CompiledAuthorizationRule: Sendable {
  struct Source: Sendable {
    var principals: ValueSet<StringMatch>
    var requestPrincipals: ValueSet<StringMatch>
    var namespaces: ValueSet<StringMatch>
    var ipBlocks: ValueSet<CIDR>
    var remoteIpBlocks: ValueSet<CIDR>

    init(_ source: L7Source) throws(InvalidPolicyValue) {
      principals = PolicyValues.strings(source.principals, source.notPrincipals)
      requestPrincipals = PolicyValues.strings(source.requestPrincipals, source.notRequestPrincipals)
      namespaces = PolicyValues.strings(source.namespaces, source.notNamespaces)
      ipBlocks = try PolicyValues.cidrs(source.ipBlocks, source.notIpBlocks, field: "ipBlocks")
      remoteIpBlocks = try PolicyValues.cidrs(source.remoteIpBlocks, source.notRemoteIpBlocks, field: "remoteIpBlocks")
    }

    func matches(_ a: AuthorizationAttributes) -> Bool {
      let requestPrincipal = a.jwt?.principal
      let ip = a.request.sourceIP
      return principals.matches({ $0.matches(a.principal ?? "") }, present: a.principal != nil)
        && requestPrincipals.matches({ $0.matches(requestPrincipal ?? "") }, present: requestPrincipal != nil)
        && namespaces.matches({ $0.matches(a.namespace ?? "") }, present: a.namespace != nil)
        // remoteIpBlocks would use X-Forwarded-For behind trusted proxies; in the mesh the
        // client is the peer itself, so both fields look at the source address.
        && ipBlocks.matches({ cidr in ip.map(cidr.contains) ?? false }, present: ip != nil)
        && remoteIpBlocks.matches({ cidr in ip.map(cidr.contains) ?? false }, present: ip != nil)
    }
  }

  struct Operation: Sendable {
    var hosts: ValueSet<HostPattern>
    var ports: ValueSet<Int>
    var methods: ValueSet<StringMatch>
    var paths: ValueSet<StringMatch>

    init(_ operation: L7Operation) throws(InvalidPolicyValue) {
      hosts = PolicyValues.hosts(operation.hosts, operation.notHosts)
      ports = try PolicyValues.ports(operation.ports, operation.notPorts, field: "ports")
      methods = PolicyValues.strings(operation.methods, operation.notMethods)
      paths = PolicyValues.strings(operation.paths, operation.notPaths)
    }

    func matches(_ a: AuthorizationAttributes) -> Bool {
      let path = String(a.path)
      return hosts.matches({ $0.matches(a) }, present: true)
        && ports.matches({ $0 == a.request.destinationPort }, present: true)
        && methods.matches({ $0.matches(a.request.method) }, present: true)
        && paths.matches({ $0.matches(path) }, present: true)
    }
  }

  let from: [Source]
  let to: [Operation]
  let when: [CompiledCondition]

  init(_ rule: L7AuthorizationRule) throws(InvalidPolicyValue) {
    from = try rule.from.map { source throws(InvalidPolicyValue) in try Source(source) }
    to = try rule.to.map { operation throws(InvalidPolicyValue) in try Operation(operation) }
    when = try rule.when.map { condition throws(InvalidPolicyValue) in try CompiledCondition(condition) }
  }

  /// The rule that matches every request: what a broken DENY rule becomes.
  static let matchAll = try! CompiledAuthorizationRule(L7AuthorizationRule())

  func matches(_ a: AuthorizationAttributes) -> Bool {
    (from.isEmpty || from.contains { $0.matches(a) })
      && (to.isEmpty || to.contains { $0.matches(a) })
      && when.allSatisfy { $0.matches(a) }
  }
}
