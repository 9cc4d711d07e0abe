/// One match inside a clause. Values of one field are OR-ed, fields are AND-ed, a `not*` field
/// excludes, and an empty field does not constrain (Istio / ztunnel semantics).
///
/// Attributes a connection lacks (no peer identity on a plaintext connection) never satisfy a
/// positive field and never trigger a negative one, exactly as ztunnel evaluates them.
public struct AuthorizationMatch: Hashable, Sendable {
  public var namespaces: [StringMatch] = []
  public var notNamespaces: [StringMatch] = []
  public var principals: [StringMatch] = []
  public var notPrincipals: [StringMatch] = []
  public var sourceIPs: [CIDR] = []
  public var notSourceIPs: [CIDR] = []
  public var destinationIPs: [CIDR] = []
  public var notDestinationIPs: [CIDR] = []
  public var destinationPorts: [UInt16] = []
  public var notDestinationPorts: [UInt16] = []
  public var serviceAccounts: [ServiceAccountMatch] = []
  public var notServiceAccounts: [ServiceAccountMatch] = []

  public init(
    namespaces: [StringMatch] = [], notNamespaces: [StringMatch] = [],
    principals: [StringMatch] = [], notPrincipals: [StringMatch] = [],
    sourceIPs: [CIDR] = [], notSourceIPs: [CIDR] = [],
    destinationIPs: [CIDR] = [], notDestinationIPs: [CIDR] = [],
    destinationPorts: [UInt16] = [], notDestinationPorts: [UInt16] = [],
    serviceAccounts: [ServiceAccountMatch] = [], notServiceAccounts: [ServiceAccountMatch] = []
  ) {
    self.namespaces = namespaces
    self.notNamespaces = notNamespaces
    self.principals = principals
    self.notPrincipals = notPrincipals
    self.sourceIPs = sourceIPs
    self.notSourceIPs = notSourceIPs
    self.destinationIPs = destinationIPs
    self.notDestinationIPs = notDestinationIPs
    self.destinationPorts = destinationPorts
    self.notDestinationPorts = notDestinationPorts
    self.serviceAccounts = serviceAccounts
    self.notServiceAccounts = notServiceAccounts
  }

  public func matches(_ c: ConnectionAttributes) -> Bool {
    let identity = c.sourceIdentity
    return Self.check(namespaces, notNamespaces, identity?.namespace) { $0.matches($1) }
      && Self.check(principals, notPrincipals, identity?.principal) { $0.matches($1) }
      && Self.check(sourceIPs, notSourceIPs, c.sourceIP) { $0.contains($1) }
      && Self.check(destinationIPs, notDestinationIPs, c.destinationIP) { $0.contains($1) }
      && Self.check(destinationPorts, notDestinationPorts, c.destinationPort) { $0 == $1 }
      && Self.check(serviceAccounts, notServiceAccounts, identity) { $0.matches($1) }
  }

  /// A positive list needs a present value that one entry accepts; a negative list rejects a
  /// present value that one entry accepts.
  @inline(__always)
  private static func check<M, V>(_ positive: [M], _ negative: [M], _ value: V?, _ accepts: (M, V) -> Bool) -> Bool {
    if !positive.isEmpty {
      guard let value, positive.contains(where: { accepts($0, value) }) else { return false }
    }
    if !negative.isEmpty, let value, negative.contains(where: { accepts($0, value) }) {
      return false
    }
    return true
  }
}
