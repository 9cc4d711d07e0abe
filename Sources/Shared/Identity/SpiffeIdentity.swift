/// A workload identity in Istio's SPIFFE form: `spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>`.
///
/// Parsing is strict (see https://github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md):
/// certificates are the only source of identity in the mesh, so anything that is not exactly
/// this shape is rejected rather than guessed at.
public struct SpiffeIdentity: Hashable, Sendable, CustomStringConvertible, Comparable {
  public static let scheme = "spiffe://"

  public let trustDomain: String
  public let namespace: String
  public let serviceAccount: String

  public init(trustDomain: String, namespace: String, serviceAccount: String) throws(SpiffeIdentityError) {
    try Self.validateTrustDomain(trustDomain, in: "\(trustDomain)")
    try Self.validateSegment(namespace, named: "namespace", in: "\(namespace)")
    try Self.validateSegment(serviceAccount, named: "service account", in: "\(serviceAccount)")
    self.trustDomain = trustDomain
    self.namespace = namespace
    self.serviceAccount = serviceAccount
  }

  /// Parses `spiffe://td/ns/NS/sa/SA`.
  public init(parsing uri: String) throws(SpiffeIdentityError) {
    guard uri.hasPrefix(Self.scheme) else {
      throw SpiffeIdentityError(input: uri, problem: "must start with \"spiffe://\"")
    }
    try self.init(principal: String(uri.dropFirst(Self.scheme.count)), original: uri)
  }

  /// Parses the scheme-less principal form Istio policies use: `td/ns/NS/sa/SA`.
  public init(principal: String) throws(SpiffeIdentityError) {
    try self.init(principal: principal, original: principal)
  }

  private init(principal: String, original: String) throws(SpiffeIdentityError) {
    let parts = principal.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 5, parts[1] == "ns", parts[3] == "sa" else {
      throw SpiffeIdentityError(
        input: original, problem: "path must be exactly /ns/<namespace>/sa/<service-account>")
    }
    try Self.validateTrustDomain(parts[0], in: original)
    try Self.validateSegment(parts[2], named: "namespace", in: original)
    try Self.validateSegment(parts[4], named: "service account", in: original)
    self.trustDomain = parts[0]
    self.namespace = parts[2]
    self.serviceAccount = parts[4]
  }

  /// `td/ns/NS/sa/SA`: what AuthorizationPolicy `principals` match against.
  public var principal: String { "\(trustDomain)/ns/\(namespace)/sa/\(serviceAccount)" }

  public var uri: String { Self.scheme + principal }

  public var description: String { uri }

  public static func < (lhs: SpiffeIdentity, rhs: SpiffeIdentity) -> Bool { lhs.uri < rhs.uri }

  /// SPIFFE trust domains: lowercase letters, digits, '.', '-' and '_'.
  private static func validateTrustDomain(_ value: String, in input: String) throws(SpiffeIdentityError) {
    guard !value.isEmpty else { throw SpiffeIdentityError(input: input, problem: "trust domain is empty") }
    for ch in value.unicodeScalars {
      let ok = ("a"..."z").contains(ch) || ("0"..."9").contains(ch) || ch == "." || ch == "-" || ch == "_"
      guard ok else {
        throw SpiffeIdentityError(
          input: input, problem: "trust domain \"\(value)\" has '\(ch)'; only a-z, 0-9, '.', '-', '_' are allowed")
      }
    }
  }

  /// Kubernetes namespaces and service accounts are DNS subdomain names: a-z, 0-9, '-', '.'.
  private static func validateSegment(_ value: String, named what: String, in input: String) throws(SpiffeIdentityError)
  {
    guard !value.isEmpty else { throw SpiffeIdentityError(input: input, problem: "\(what) is empty") }
    guard value.utf8.count <= 253 else {
      throw SpiffeIdentityError(input: input, problem: "\(what) is longer than 253 characters")
    }
    for ch in value.unicodeScalars {
      let ok = ("a"..."z").contains(ch) || ("0"..."9").contains(ch) || ch == "-" || ch == "."
      guard ok else {
        throw SpiffeIdentityError(
          input: input, problem: "\(what) \"\(value)\" has '\(ch)'; only a-z, 0-9, '-', '.' are allowed")
      }
    }
  }
}
