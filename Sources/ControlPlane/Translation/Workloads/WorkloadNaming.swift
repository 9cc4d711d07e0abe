import Kube
import Shared

/// The names telemetry and policy show for a pod: its canonical service and revision, and the
/// controller it belongs to, read the way Istio reads them so dashboards match.
enum WorkloadNaming {
  static let canonicalNameLabels = ["service.istio.io/canonical-name", "app.kubernetes.io/name", MeshLabels.app]
  static let canonicalRevisionLabels = [
    "service.istio.io/canonical-revision", "app.kubernetes.io/version", MeshLabels.version,
  ]
  static let podTemplateHashLabel = "pod-template-hash"

  static func canonicalName(labels: [String: String], workloadName: String) -> String {
    firstLabel(canonicalNameLabels, in: labels) ?? workloadName
  }

  static func canonicalRevision(labels: [String: String]) -> String {
    firstLabel(canonicalRevisionLabels, in: labels) ?? "latest"
  }

  /// The controlling owner's workload: a ReplicaSet's Deployment (the ReplicaSet name less its
  /// template hash), a Job, or a CronJob when the Job's name ends in the scheduled time CronJobs
  /// append (8 to 11 digits); anything else is named after the pod itself.
  static func workload(of pod: Pod) -> (name: String, type: WorkloadType) {
    let owners = pod.ownerReferences
    guard let owner = owners.first(where: \.controller) ?? owners.first else { return (pod.name, .pod) }
    switch owner.kind {
    case "ReplicaSet":
      if let hash = pod.labels[podTemplateHashLabel], owner.name.hasSuffix("-" + hash) {
        return (String(owner.name.dropLast(hash.count + 1)), .deployment)
      }
      guard let dash = owner.name.lastIndex(of: "-"), dash > owner.name.startIndex else {
        return (owner.name, .deployment)
      }
      return (String(owner.name[..<dash]), .deployment)
    case "Job":
      if let dash = owner.name.lastIndex(of: "-"), dash > owner.name.startIndex {
        let suffix = owner.name[owner.name.index(after: dash)...]
        if (8...11).contains(suffix.count), suffix.allSatisfy(\.isASCII), suffix.allSatisfy(\.isNumber) {
          return (String(owner.name[..<dash]), .cronJob)
        }
      }
      return (owner.name, .job)
    default:
      return (pod.name, .pod)
    }
  }

  private static func firstLabel(_ keys: [String], in labels: [String: String]) -> String? {
    for key in keys {
      if let value = labels[key], !value.isEmpty { return value }
    }
    return nil
  }
}
