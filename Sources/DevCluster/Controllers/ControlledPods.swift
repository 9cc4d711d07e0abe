import Foundation
import Kube

/// Reading the pods a controller owns, shared by the Deployment and DaemonSet plans.
enum ControlledPods {
  /// Pods whose controller reference is `ownerUID`, not being deleted and not finished.
  static func active(_ pods: [Pod], ownerUID: String) -> [Pod] {
    pods.filter { pod in
      pod.ownerReferences.contains { $0.controller && $0.uid == ownerUID } && !pod.isTerminating && !pod.isTerminal
    }
  }

  /// The order in which surplus pods go (Kubernetes' `ActivePods` ranking, simplified): not
  /// scheduled, then not ready, then the newest, so ready long-running pods are kept.
  static func deletionOrder(_ pods: [Pod]) -> [Pod] {
    pods.sorted { lhs, rhs in
      if (lhs.nodeName == nil) != (rhs.nodeName == nil) { return lhs.nodeName == nil }
      if lhs.isReady != rhs.isReady { return !lhs.isReady }
      let left = lhs.object.creationTimestamp ?? ""
      let right = rhs.object.creationTimestamp ?? ""
      if left != right { return left > right }
      return lhs.name > rhs.name
    }
  }

  /// A pod stamped from `resource`'s template: its labels and annotations plus `extraLabels`,
  /// the template's spec, and a controller reference to `resource` (so deleting the owner
  /// deletes it, which the API server's garbage collection does).
  static func stamp<T: PodTemplateResource>(
    from resource: T, namePrefix: String, extraLabels: [String: String], nodeName: String? = nil
  ) -> Pod {
    var object = KubeObject(type: .pod, namespace: resource.namespace, name: "")
    object.json.setValue(nil, at: ["metadata", "name"])
    object.json.setValue(.string(namePrefix), at: ["metadata", "generateName"])
    object.labels = resource.templateLabels.merging(extraLabels) { $1 }
    object.annotations = resource.templateAnnotations
    object.ownerReferences = [OwnerReference(controlledBy: resource.object)]
    var pod = Pod(object)
    var spec = resource.templateSpec
    if let nodeName { spec.nodeName = nodeName }
    pod.podSpec = spec
    return pod
  }
}
