import Foundation
import Kube

/// What the DaemonSet controller does next for one DaemonSet: one pod per eligible node (every
/// node whose labels match `spec.template.spec.nodeSelector`), bound by `spec.nodeName`. Pure.
///
/// Updates replace the pod of each node: the old-template pod is deleted, and the new one is
/// created once it is gone (RollingUpdate without surge; every node at once, a simplification
/// of maxUnavailable). Taints and tolerations are not modelled: every matching node is eligible.
public struct DaemonSetPlan: Sendable, Hashable {
  public var templateHash: String
  /// Nodes to create a pod on.
  public var createOn: [String]
  /// Pod names to delete: old template, duplicates, or on nodes no longer eligible.
  public var delete: [String]
  public var status: JSONValue

  public static func plan(for daemonSet: DaemonSet, nodes: [KubeNode], pods allPods: [Pod]) -> DaemonSetPlan {
    let hash = PodTemplateHash.of(daemonSet.template)
    let selector = daemonSet.templateSpec.json["nodeSelector"]?.stringMap ?? [:]
    let eligible = Set(
      nodes.filter { node in selector.allSatisfy { node.labels[$0.key] == $0.value } && node.object.deletionTimestamp == nil }
        .map(\.name))
    let pods = ControlledPods.active(allPods, ownerUID: daemonSet.uid)
    var byNode: [String: [Pod]] = [:]
    var delete: [String] = []
    for pod in pods {
      guard let node = pod.nodeName, eligible.contains(node) else {
        delete.append(pod.name)
        continue
      }
      byNode[node, default: []].append(pod)
    }
    var createOn: [String] = []
    var scheduled = 0
    var updated = 0
    var ready = 0
    for node in eligible.sorted() {
      let onNode = byNode[node] ?? []
      let current = ControlledPods.deletionOrder(onNode.filter { $0.labels[PodTemplateHash.daemonSetLabel] == hash })
      let old = onNode.filter { $0.labels[PodTemplateHash.daemonSetLabel] != hash }
      if !onNode.isEmpty { scheduled += 1 }
      delete += old.map(\.name)
      if current.count > 1 { delete += current.dropLast().map(\.name) }
      if let keep = current.last {
        updated += 1
        if keep.isReady { ready += 1 }
      } else if old.isEmpty {
        createOn.append(node)
      } else if old.contains(where: \.isReady) {
        ready += 1
      }
    }
    var view = daemonSet
    view.desiredNumberScheduled = eligible.count
    view.currentNumberScheduled = scheduled
    view.updatedNumberScheduled = updated
    view.numberReady = ready
    view.numberAvailable = ready
    view.object.json.setValue(.int(Int64(eligible.count - ready)), at: ["status", "numberUnavailable"])
    let misscheduled = Set(pods.compactMap(\.nodeName).filter { !eligible.contains($0) }).count
    view.object.json.setValue(.int(Int64(misscheduled)), at: ["status", "numberMisscheduled"])
    view.observedGeneration = daemonSet.object.generation
    return DaemonSetPlan(
      templateHash: hash, createOn: createOn, delete: delete.sorted(), status: view.object.status ?? .object([:]))
  }
}
