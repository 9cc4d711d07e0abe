/// An Istio AuthorizationPolicy as the waypoint enforces it: a structured copy of the user's rules
/// (strings as written), so the waypoint evaluates Istio's semantics itself. CUSTOM policies
/// arrive as DENY-all (this mesh has no external authorizers; failing open is not an option) and
/// AUDIT policies are not sent.
public struct L7AuthorizationPolicy: Sendable, Hashable {
  public enum Action: String, Sendable, Hashable, CaseIterable {
    case allow = "ALLOW"
    case deny = "DENY"
  }
  public var name: String
  public var namespace: String
  public var action: Action
  /// No rules: matches nothing. A rule without from/to/when matches everything.
  public var rules: [L7AuthorizationRule]

  /// `namespace/name`.
  public var key: String { "\(namespace)/\(name)" }

  public init(name: String, namespace: String, action: Action, rules: [L7AuthorizationRule]) {
    self.name = name
    self.namespace = namespace
    self.action = action
    self.rules = rules
  }
}

/// One rule: any `from` AND any `to` AND every `when` (absent lists hold trivially).
public struct L7AuthorizationRule: Sendable, Hashable {
  public var from: [L7Source]
  public var to: [L7Operation]
  public var when: [L7Condition]

  public init(from: [L7Source] = [], to: [L7Operation] = [], when: [L7Condition] = []) {
    self.from = from
    self.to = to
    self.when = when
  }
}

/// `from[].source`: every non-empty field must match (values OR, `not*` exclude).
public struct L7Source: Sendable, Hashable {
  public var principals: [String] = []
  public var notPrincipals: [String] = []
  public var requestPrincipals: [String] = []
  public var notRequestPrincipals: [String] = []
  public var namespaces: [String] = []
  public var notNamespaces: [String] = []
  public var ipBlocks: [String] = []
  public var notIpBlocks: [String] = []
  public var remoteIpBlocks: [String] = []
  public var notRemoteIpBlocks: [String] = []

  public init() {}
}

/// `to[].operation`: every non-empty field must match (values OR, `not*` exclude).
public struct L7Operation: Sendable, Hashable {
  public var hosts: [String] = []
  public var notHosts: [String] = []
  public var ports: [String] = []
  public var notPorts: [String] = []
  public var methods: [String] = []
  public var notMethods: [String] = []
  public var paths: [String] = []
  public var notPaths: [String] = []

  public init() {}
}

/// `when[]`: the attribute `key` (e.g. `request.auth.claims[iss]`) must be one of `values` and
/// none of `notValues`.
public struct L7Condition: Sendable, Hashable {
  public var key: String
  public var values: [String]
  public var notValues: [String]

  public init(key: String, values: [String] = [], notValues: [String] = []) {
    self.key = key
    self.values = values
    self.notValues = notValues
  }
}
