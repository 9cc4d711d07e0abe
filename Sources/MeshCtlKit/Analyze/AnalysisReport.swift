import Kube

/// What `meshctl analyze` prints: the findings, worst first, or a line saying there are none.
public struct AnalysisReport: Report {
  public var findings: [Finding]

  public init(findings: [Finding]) { self.findings = findings }

  public var hasErrors: Bool { findings.contains { $0.severity == .error } }

  public var text: String {
    guard !findings.isEmpty else { return "✔ No problems found.\n" }
    var lines: [String] = []
    for finding in findings {
      lines.append(
        "\(finding.severity.rawValue.capitalized) [\(finding.code.rawValue)] (\(finding.object)) \(finding.message)")
      lines.append("    fix: \(finding.fix)")
    }
    let errors = findings.filter { $0.severity == .error }.count
    lines.append("\(findings.count) problem(s): \(errors) error(s), \(findings.count - errors) warning(s)")
    return lines.joined(separator: "\n") + "\n"
  }

  public var json: JSONValue {
    .array(
      findings.map {
        [
          "code": .string($0.code.rawValue), "severity": .string($0.severity.rawValue), "object": .string($0.object),
          "message": .string($0.message), "fix": .string($0.fix),
        ]
      })
  }
}
