import Shared

/// One policy field: the attribute must match one of `positive` (when any are written) and none
/// of `negative`. Istio's rules for a missing attribute: a positive field fails, a negative one
/// does not exclude (`notRequestPrincipals: ["*"]` therefore matches requests without a token).
struct ValueSet<Matcher: Sendable>: Sendable {
  var positive: [Matcher] = []
  var negative: [Matcher] = []

  func matches(_ test: (Matcher) -> Bool, present: Bool) -> Bool {
    if !positive.isEmpty {
      guard present, positive.contains(where: test) else { return false }
    }
    if !negative.isEmpty, present, negative.contains(where: test) { return false }
    return true
  }
}

/// A value that could not be read (bad CIDR, port or condition key): the rule holding it fails
/// closed (an ALLOW rule matches nothing, a DENY rule matches everything).
struct InvalidPolicyValue: Error {
  let message: String
}

enum PolicyValues {
  static func strings(_ positive: [String], _ negative: [String]) -> ValueSet<StringMatch> {
    ValueSet(
      positive: positive.map(StringMatch.init(istioPattern:)), negative: negative.map(StringMatch.init(istioPattern:)))
  }

  static func cidrs(
    _ positive: [String], _ negative: [String], field: String
  ) throws(InvalidPolicyValue) -> ValueSet<CIDR> {
    var set = ValueSet<CIDR>()
    for text in positive { set.positive.append(try cidr(text, field)) }
    for text in negative { set.negative.append(try cidr(text, field)) }
    return set
  }

  static func ports(
    _ positive: [String], _ negative: [String], field: String
  ) throws(InvalidPolicyValue) -> ValueSet<Int> {
    var set = ValueSet<Int>()
    for text in positive { set.positive.append(try port(text, field)) }
    for text in negative { set.negative.append(try port(text, field)) }
    return set
  }

  static func hosts(_ positive: [String], _ negative: [String]) -> ValueSet<HostPattern> {
    ValueSet(positive: positive.map(HostPattern.init), negative: negative.map(HostPattern.init))
  }

  private static func cidr(_ text: String, _ field: String) throws(InvalidPolicyValue) -> CIDR {
    do {
      return try CIDR(text)
    } catch {
      throw InvalidPolicyValue(message: "\(field): \"\(text)\" is not an IP address or CIDR (\(error.problem))")
    }
  }

  private static func port(_ text: String, _ field: String) throws(InvalidPolicyValue) -> Int {
    guard let value = Int(text), (0...65535).contains(value) else {
      throw InvalidPolicyValue(message: "\(field): \"\(text)\" is not a port number")
    }
    return value
  }
}

/// `hosts` / `notHosts`: case-insensitive, with Istio's `*` prefix/suffix/presence forms; a
/// pattern without a port matches the authority with or without one (`example.com` matches
/// `example.com:8000`), a pattern with a port only that port.
struct HostPattern: Sendable {
  let match: StringMatch
  let hasPort: Bool

  init(_ pattern: String) {
    let lowered = ASCIICase.lowercased(pattern)
    match = StringMatch(istioPattern: lowered)
    let host = L7Request.hostPart(of: lowered)
    hasPort = host.count != lowered.count
  }

  func matches(_ attributes: AuthorizationAttributes) -> Bool {
    if match.matches(attributes.authority) { return true }
    return !hasPort && match.matches(String(attributes.hostWithoutPort))
  }
}
