import Foundation
import Kube

/// What the Deployment controller does next for one Deployment, decided from the Deployment and
/// the pods it owns. Pure, so rollouts are table-tested.
///
/// Simplification (documented for users): no ReplicaSet layer, pods belong to the Deployment
/// directly and carry `pod-template-hash`. A rollout surges: all pods of the new template are
/// created at once, and old pods are deleted as new ones become ready (never fewer ready pods
/// than asked for while the new ones start), which is RollingUpdate with maxSurge 100%,
/// maxUnavailable 0 for the old pods.
public struct DeploymentPlan: Sendable, Hashable {
  /// The new template's hash, which created pods carry.
  public var templateHash: String
  /// Pods of the current template to create.
  public var create: Int
  /// Pod names to delete (surplus, or old template replaced by ready new pods).
  public var delete: [String]
  /// The status to write (`status` of the Deployment).
  public var status: JSONValue

  public static func plan(for deployment: Deployment, pods allPods: [Pod], now: Date = Date()) -> DeploymentPlan {
    let hash = PodTemplateHash.of(deployment.template)
    let pods = ControlledPods.active(allPods, ownerUID: deployment.uid)
    let current = pods.filter { $0.labels[PodTemplateHash.label] == hash }
    let old = pods.filter { $0.labels[PodTemplateHash.label] != hash }
    let desired = max(0, deployment.replicas)
    var delete: [String] = []
    var create = 0
    if current.count < desired {
      create = desired - current.count
    } else if current.count > desired {
      delete += ControlledPods.deletionOrder(current).prefix(current.count - desired).map(\.name)
    }
    let readyCurrent = min(desired, current.filter(\.isReady).count)
    let oldToKeep = max(0, desired - readyCurrent)
    if old.count > oldToKeep {
      delete += ControlledPods.deletionOrder(old).prefix(old.count - oldToKeep).map(\.name)
    }
    let status = Self.status(
      deployment, hash: hash, total: pods.count, updated: current.count, ready: pods.filter(\.isReady).count,
      readyUpdated: readyCurrent, oldCount: old.count, now: now)
    return DeploymentPlan(templateHash: hash, create: create, delete: delete, status: status)
  }

  /// `spec.strategy.rollingUpdate.maxUnavailable` of `desired` (default 25%, rounded down as
  /// Kubernetes rounds it): how many pods may be missing while still "Available".
  static func maxUnavailable(_ deployment: Deployment, desired: Int) -> Int {
    let raw = deployment.object.json.value(at: ["spec", "strategy", "rollingUpdate", "maxUnavailable"])
    switch raw.flatMap(IntOrString.init(json:)) ?? .string("25%") {
    case .int(let count): return min(desired, max(0, count))
    case .string(let text):
      guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return 0 }
      return min(desired, desired * max(0, percent) / 100)
    }
  }

  static func status(
    _ deployment: Deployment, hash: String, total: Int, updated: Int, ready: Int, readyUpdated: Int, oldCount: Int,
    now: Date
  ) -> JSONValue {
    let desired = max(0, deployment.replicas)
    var view = deployment
    view.statusReplicas = total
    view.updatedReplicas = updated
    view.readyReplicas = ready
    view.availableReplicas = ready
    view.object.json.setValue(.int(Int64(max(0, desired - ready))), at: ["status", "unavailableReplicas"])
    view.observedGeneration = deployment.object.generation
    let available = ready >= desired - maxUnavailable(deployment, desired: desired)
    view.setCondition(
      Condition(
        type: "Available", isTrue: available,
        reason: available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        message: available ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
      now: now)
    let revision = "\(deployment.name)-\(hash)"
    let complete = updated == desired && readyUpdated == desired && oldCount == 0
    view.setCondition(
      Condition(
        type: "Progressing", isTrue: true, reason: complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
        message: complete
          ? "ReplicaSet \"\(revision)\" has successfully progressed." : "ReplicaSet \"\(revision)\" is progressing."),
      now: now)
    return view.object.status ?? .object([:])
  }
}
