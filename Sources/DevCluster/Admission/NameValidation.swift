/// Kubernetes' name rules (`k8s.io/apimachinery/pkg/util/validation`), with its error texts: an
/// object named `My_App` must be refused here exactly as a real cluster would refuse it.
enum NameValidation {
  enum Rule: Sendable {
    /// DNS-1123 subdomain: most kinds (253 characters, dots allowed).
    case subdomain
    /// DNS-1123 label: namespaces (63 characters, no dots).
    case label
    /// DNS-1035 label: services (must start with a letter).
    case dns1035Label
    /// Any path segment: RBAC kinds (`system:controller:...`).
    case pathSegment
  }

  /// The problems with `name` under `rule`; empty when it is valid.
  static func problems(_ name: String, rule: Rule) -> [String] {
    switch rule {
    case .subdomain: return subdomainProblems(name)
    case .label: return labelProblems(name)
    case .dns1035Label: return dns1035Problems(name)
    case .pathSegment: return pathSegmentProblems(name)
    }
  }

  private static func isAlphanumeric(_ c: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
  }

  private static func isLabel(_ bytes: some Collection<UInt8>) -> Bool {
    guard let first = bytes.first, let last = bytes.reversed().first, isAlphanumeric(first), isAlphanumeric(last)
    else { return false }
    return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
  }

  static func labelProblems(_ name: String) -> [String] {
    var problems: [String] = []
    if name.utf8.count > 63 { problems.append("must be no more than 63 characters") }
    if !isLabel(name.utf8) {
      problems.append(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
      )
    }
    return problems
  }

  static func subdomainProblems(_ name: String) -> [String] {
    var problems: [String] = []
    if name.utf8.count > 253 { problems.append("must be no more than 253 characters") }
    let parts = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    if name.isEmpty || !parts.allSatisfy({ isLabel($0) }) {
      problems.append(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
      )
    }
    return problems
  }

  static func dns1035Problems(_ name: String) -> [String] {
    var problems: [String] = []
    if name.utf8.count > 63 { problems.append("must be no more than 63 characters") }
    let startsWithLetter = name.utf8.first.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } ?? false
    if !startsWithLetter || !isLabel(name.utf8) {
      problems.append(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
      )
    }
    return problems
  }

  static func pathSegmentProblems(_ name: String) -> [String] {
    if name == "." || name == ".." { return ["may not be '\(name)'"] }
    for forbidden in ["/", "%"] where name.contains(forbidden) { return ["may not contain '\(forbidden)'"] }
    return []
  }
}
