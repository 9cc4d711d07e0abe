import Foundation
import Kube
import Shared

/// One PeerAuthentication as read for enforcement: its mode and port overrides, with invalid
/// values already turned into STRICT (fail closed) and reported in `problems`.
struct PeerAuthenticationPolicy: Sendable {
  var name: String
  var namespace: String
  /// From a non-empty `selector.matchLabels`; `nil` for a namespace-wide (or mesh-wide) policy.
  var selector: LabelSelector?
  var mode: MutualTLSMode
  /// Port-level overrides by workload port; only honoured on selector policies, as in Istio.
  var ports: [UInt16: MutualTLSMode]
  var created: Date?
  /// `path: problem` for every value that was invalid or ignored.
  var problems: [String]

  static let modes = MutualTLSMode.allCases.map(\.rawValue).joined(separator: ", ")

  init(_ source: PeerAuthentication) {
    name = source.name
    namespace = source.namespace
    created = source.object.creationTimestamp.flatMap(KubeTime.parse)
    if let labels = source.selectorMatchLabels, !labels.isEmpty {
      selector = LabelSelector(matchLabels: labels)
    } else {
      selector = nil
    }
    problems = []
    ports = [:]
    if let parsed = source.mtlsMode {
      mode = parsed
    } else {
      let written = source.spec.value(at: ["mtls", "mode"]).map(PolicyValueParser.describe) ?? "the value"
      problems.append("spec.mtls.mode: \(written) is not one of \(Self.modes); treated as STRICT (fail closed)")
      mode = .strict
    }
    readPorts(source.spec["portLevelMtls"])
  }

  /// `spec.portLevelMtls` read from the manifest (the typed view drops entries it cannot read,
  /// which would silently weaken a policy meant to be strict).
  private mutating func readPorts(_ value: JSONValue?) {
    guard let value, !value.isNull else { return }
    guard let entries = value.objectValue else {
      problems.append("spec.portLevelMtls: must be a map from port number to {mode}; ignored")
      return
    }
    guard selector != nil else {
      problems.append(
        "spec.portLevelMtls: applies only to PeerAuthentications with a workload selector; ignored")
      return
    }
    for key in entries.keys.sorted() {
      let path = "spec.portLevelMtls[\(key)]"
      guard key.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let number = Int(key),
        let port = UInt16(exactly: number), port > 0
      else {
        problems.append("\(path): \"\(key)\" is not a port number (1-65535); ignored")
        continue
      }
      let written = entries[key]?["mode"]
      if let text = written?.stringValue, let parsed = MutualTLSMode(rawValue: text) {
        ports[port] = parsed
      } else {
        let shown = written.map(PolicyValueParser.describe) ?? "a missing mode"
        problems.append("\(path).mode: \(shown) is not one of \(Self.modes); treated as STRICT (fail closed)")
        ports[port] = .strict
      }
    }
  }

  /// Oldest first, then by name: Istio's order when several policies compete.
  static func precedes(_ a: PeerAuthenticationPolicy, _ b: PeerAuthenticationPolicy) -> Bool {
    let ta = a.created ?? .distantFuture
    let tb = b.created ?? .distantFuture
    return ta != tb ? ta < tb : a.name < b.name
  }
}
