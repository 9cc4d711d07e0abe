/// One mistake `meshctl analyze` found: where, what it breaks, and the command that fixes it.
public struct Finding: Sendable, Hashable, Comparable {
  public enum Severity: String, Sendable, Hashable, Comparable {
    case error
    case warning
    case info

    var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .info: 2
      }
    }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  /// Stable identifiers scripts and docs can refer to (`MA0001`), one per kind of mistake.
  public enum Code: String, Sendable, Hashable, CaseIterable {
    case labelValueTypo = "MA0001"
    case labelKeyTypo = "MA0002"
    case policySelectsNothing = "MA0003"
    case policySelectsOutsideMesh = "MA0004"
    case l7RulesWithoutWaypoint = "MA0005"
    case gatewayNotProgrammed = "MA0006"
    case routeBackendMissing = "MA0007"
    case routeParentMissing = "MA0008"
    case waypointMissing = "MA0009"
    case invalidObject = "MA0010"
    case meshNotInstalled = "MA0011"
    case policyTargetMissing = "MA0012"
  }

  public var code: Code
  public var severity: Severity
  /// `Kind namespace/name` (`Kind name` for cluster-scoped objects).
  public var object: String
  public var message: String
  public var fix: String

  public init(_ code: Code, _ severity: Severity, object: String, message: String, fix: String) {
    self.code = code
    self.severity = severity
    self.object = object
    self.message = message
    self.fix = fix
  }

  public static func < (lhs: Finding, rhs: Finding) -> Bool {
    (lhs.severity, lhs.object, lhs.code.rawValue, lhs.message) < (
      rhs.severity, rhs.object, rhs.code.rawValue, rhs.message
    )
  }

  static func name(_ kind: String, _ namespace: String, _ name: String) -> String {
    namespace.isEmpty ? "\(kind) \(name)" : "\(kind) \(namespace)/\(name)"
  }
}
