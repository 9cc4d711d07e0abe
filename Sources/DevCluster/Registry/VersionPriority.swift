/// Kubernetes' ordering of API versions (`v2` > `v1` > `v1beta2` > `v1beta1` > `v1alpha1` > others):
/// discovery lists versions in this order and the first is the group's preferred version.
enum VersionPriority {
  private struct Parsed: Comparable {
    /// 2 for GA, 1 for beta, 0 for alpha, -1 for anything not of the `vN[alpha|betaM]` form.
    var stability: Int
    var major: Int
    var minor: Int
    var text: String

    static func < (lhs: Parsed, rhs: Parsed) -> Bool {
      if lhs.stability != rhs.stability { return lhs.stability < rhs.stability }
      if lhs.stability < 0 { return lhs.text > rhs.text }  // others: alphabetical, first is highest
      if lhs.major != rhs.major { return lhs.major < rhs.major }
      return lhs.minor < rhs.minor
    }
  }

  private static func parse(_ version: String) -> Parsed {
    let other = Parsed(stability: -1, major: 0, minor: 0, text: version)
    guard version.hasPrefix("v") else { return other }
    let rest = version.dropFirst()
    let digits = rest.prefix(while: \.isNumber)
    guard let major = Int(digits), !digits.hasPrefix("0") else { return other }
    let suffix = rest.dropFirst(digits.count)
    if suffix.isEmpty { return Parsed(stability: 2, major: major, minor: 0, text: version) }
    for (label, stability) in [("beta", 1), ("alpha", 0)] where suffix.hasPrefix(label) {
      let number = suffix.dropFirst(label.count)
      guard let minor = Int(number), !number.hasPrefix("0") else { return other }
      return Parsed(stability: stability, major: major, minor: minor, text: version)
    }
    return other
  }

  /// Highest priority first.
  static func sorted(_ versions: [String]) -> [String] {
    versions.sorted { parse($0) > parse($1) }
  }
}
