import Kube
import Shared

/// Mesh label keys and values that are almost right: a key one or two edits from a mesh key
/// (`istio.io/dataplane-mod`), or `istio.io/dataplane-mode` with a value other than the two valid ones.
enum LabelTypos {
  static let meshKeys = [
    MeshLabels.dataplaneMode, MeshLabels.useWaypoint, MeshLabels.useWaypointNamespace, MeshLabels.waypointFor,
  ]

  static func findings(
    kind: String, namespace: String, name: String, labels: [String: String], command: String
  )
    -> [Finding]
  {
    var findings: [Finding] = []
    let object = Finding.name(kind, namespace, name)
    for (key, value) in labels where !meshKeys.contains(key) {
      guard let intended = meshKeys.first(where: { editDistance(key, $0, limit: 2) <= 2 }) else { continue }
      findings.append(
        Finding(
          .labelKeyTypo, .error, object: object,
          message: "label \(key)=\(value) looks like a misspelling of \(intended); the mesh ignores it",
          fix: "\(command) \(key)- \(intended)=\(value)"))
    }
    if let value = labels[MeshLabels.dataplaneMode],
      value != MeshLabels.dataplaneModeAmbient, value != MeshLabels.dataplaneModeNone
    {
      let effect = kind == "Pod" ? "the pod is not in the mesh" : "its pods are not in the mesh"
      findings.append(
        Finding(
          .labelValueTypo, .error, object: object,
          message: "\(MeshLabels.dataplaneMode)=\"\(value)\" is neither \"ambient\" nor \"none\": \(effect)",
          fix: "\(command) \(MeshLabels.dataplaneMode)=ambient --overwrite"))
    }
    return findings
  }

  /// Levenshtein distance, stopping early once every path exceeds `limit`.
  static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    let a = Array(a.utf8)
    let b = Array(b.utf8)
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      if current.min()! > limit { return limit + 1 }
      previous = current
    }
    return previous[b.count]
  }
}
