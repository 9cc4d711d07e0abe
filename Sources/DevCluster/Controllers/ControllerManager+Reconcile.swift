import Foundation
import Kube

/// The three reconciles: read the caches, plan, write.
extension ControllerManager {
  func reconcileDeployment(namespace: String, name: String) async throws(KubeAPIError) {
    guard let object = deployments.get(namespace: namespace, name: name) else { return }
    let deployment = Deployment(object)
    guard deployment.object.deletionTimestamp == nil else { return }
    let podsHere = pods.list(namespace: namespace).map(Pod.init)
    let plan = DeploymentPlan.plan(for: deployment, pods: podsHere)
    var created: [String] = []
    for _ in 0..<plan.create {
      let pod = ControlledPods.stamp(
        from: deployment, namePrefix: "\(name)-\(plan.templateHash)-",
        extraLabels: [PodTemplateHash.label: plan.templateHash])
      created.append(try await client.create(pod).name)
    }
    try await deletePods(plan.delete, namespace: namespace)
    await awaitCache(created: created, deleted: plan.delete, namespace: namespace)
    if plan.create == 0 && plan.delete.isEmpty && deployment.object.status != plan.status {
      _ = try await client.patch(
        .deployment, namespace: namespace, name: name, patch: ["status": plan.status], status: true)
    } else if plan.create > 0 || !plan.delete.isEmpty {
      queue.add(.deployment(namespace: namespace, name: name))
    }
  }

  func reconcileDaemonSet(namespace: String, name: String) async throws(KubeAPIError) {
    guard let object = daemonSets.get(namespace: namespace, name: name) else { return }
    let daemonSet = DaemonSet(object)
    guard daemonSet.object.deletionTimestamp == nil else { return }
    let plan = DaemonSetPlan.plan(
      for: daemonSet, nodes: nodes.list().map(KubeNode.init), pods: pods.list(namespace: namespace).map(Pod.init))
    var created: [String] = []
    for node in plan.createOn {
      let pod = ControlledPods.stamp(
        from: daemonSet, namePrefix: "\(name)-",
        extraLabels: [
          PodTemplateHash.daemonSetLabel: plan.templateHash,
          "pod-template-generation": String(daemonSet.object.generation),
        ], nodeName: node)
      created.append(try await client.create(pod).name)
    }
    try await deletePods(plan.delete, namespace: namespace)
    await awaitCache(created: created, deleted: plan.delete, namespace: namespace)
    if plan.createOn.isEmpty && plan.delete.isEmpty && daemonSet.object.status != plan.status {
      _ = try await client.patch(
        .daemonSet, namespace: namespace, name: name, patch: ["status": plan.status], status: true)
    } else if !plan.createOn.isEmpty || !plan.delete.isEmpty {
      queue.add(.daemonSet(namespace: namespace, name: name))
    }
  }

  func reconcileService(namespace: String, name: String) async throws(KubeAPIError) {
    let existing = slices.list(label: EndpointSlice.serviceNameLabel, value: name)
      .filter { $0.namespace == namespace }.map(EndpointSlice.init)
    guard let object = services.get(namespace: namespace, name: name) else {
      // The API server's garbage collection removes owned slices; this covers slices left over
      // from a Service that was deleted and recreated under the same name.
      for slice in existing { try await deleteIgnoringMissing(.endpointSlice, namespace: namespace, name: slice.name) }
      return
    }
    let service = KubeService(object)
    guard let desired = EndpointSlicePlan.desired(for: service, pods: pods.list(namespace: namespace).map(Pod.init))
    else { return }
    let changes = EndpointSlicePlan.changes(
      for: service, desired: desired, existing: existing.filter { $0.object.ownerReferences.contains { $0.uid == service.uid } })
    for slice in changes.create { _ = try await client.create(slice) }
    for slice in changes.update { _ = try await client.update(slice) }
    for name in changes.delete { try await deleteIgnoringMissing(.endpointSlice, namespace: namespace, name: name) }
    let stale = existing.filter { !$0.object.ownerReferences.contains { $0.uid == service.uid } }
    for slice in stale { try await deleteIgnoringMissing(.endpointSlice, namespace: namespace, name: slice.name) }
  }

  private func deletePods(_ names: [String], namespace: String) async throws(KubeAPIError) {
    for name in names {
      let uid = pods.get(namespace: namespace, name: name)?.uid
      do { try await client.delete(.pod, namespace: namespace, name: name, uid: uid) } catch where error.isNotFound {}
    }
  }

  private func deleteIgnoringMissing(_ type: ResourceType, namespace: String, name: String) async throws(KubeAPIError) {
    do { try await client.delete(type, namespace: namespace, name: name) } catch where error.isNotFound {}
  }

  /// Waits (up to 10 s) until the pod cache shows our creations and deletions.
  private func awaitCache(created: [String], deleted: [String], namespace: String) async {
    guard !created.isEmpty || !deleted.isEmpty else { return }
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
      let done =
        created.allSatisfy { pods.get(namespace: namespace, name: $0) != nil }
        && deleted.allSatisfy { pods.get(namespace: namespace, name: $0) == nil }
      if done { return }
      try? await Task.sleep(for: .milliseconds(5))
    }
    logger.info("pod cache did not catch up with our writes within 10 s; continuing")
  }
}
