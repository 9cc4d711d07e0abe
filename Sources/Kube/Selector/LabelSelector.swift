/// Kubernetes label selectors: a conjunction of requirements on an object's labels.
///
/// Requirements are kept sorted (by key, then text) so two selectors that mean the same compare equal and
/// print the same canonical query string.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
  public let requirements: [LabelRequirement]

  /// Matches every object (the empty selector).
  public static let everything = LabelSelector(requirements: [])

  public init(requirements: [LabelRequirement]) {
    self.requirements = Array(Set(requirements)).sorted { ($0.key, $0.description) < ($1.key, $1.description) }
  }

  /// Equality on every entry, like a workload's `matchLabels` or a Service's `selector`.
  public init(matchLabels: [String: String]) {
    self.init(requirements: matchLabels.map { LabelRequirement(equal: $0.key, $0.value) })
  }

  public func matches(_ labels: [String: String]) -> Bool {
    for requirement in requirements where !requirement.matches(labels) { return false }
    return true
  }

  public var isEverything: Bool { requirements.isEmpty }

  /// Requirements of the form key=value only (for index lookups); empty if none. `k in (v)` counts, being
  /// the same requirement.
  public var equalityRequirements: [String: String] {
    var result: [String: String] = [:]
    for requirement in requirements where requirement.values.count == 1 {
      guard requirement.operator == .equals || requirement.operator == .in else { continue }
      if result[requirement.key] == nil { result[requirement.key] = requirement.values[0] }
    }
    return result
  }

  /// The canonical query-string form (`a=b,c in (d,e),!f`); empty for everything.
  public var description: String { requirements.map(\.description).joined(separator: ",") }
}
