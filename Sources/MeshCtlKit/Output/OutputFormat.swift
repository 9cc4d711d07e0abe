import Foundation
import Kube

/// `-o table|json|yaml`, as kubectl and istioctl spell it.
public enum OutputFormat: String, CaseIterable, Sendable {
  case table
  case json
  case yaml

  public func render(_ report: some Report) -> String {
    switch self {
    case .table: report.text
    case .json: report.json.prettyJSON
    case .yaml: report.json.yaml
    }
  }
}

/// What a command prints: a human layout and a structured one (json/yaml share it, so scripts
/// see the same fields whichever they pick).
public protocol Report: Sendable {
  var json: JSONValue { get }
  var text: String { get }
}
