import DevCluster
import Foundation
import Kube
import Testing

@Suite("Controller plans")
struct ControllersPlanTests {
  static func deployment(replicas: Int, image: String = "app:v1") -> Deployment {
    var deployment = Deployment(namespace: "apps", name: "web")
    deployment.object.uid = "deploy-uid"
    deployment.object.generation = 2
    deployment.replicas = replicas
    deployment.templateLabels = ["app": "web"]
    deployment.templateSpec = PodSpec(json: ["containers": [["name": "app", "image": .string(image)]]])
    return deployment
  }

  static func pod(_ name: String, owner: String = "deploy-uid", hash: String, ready: Bool, node: String? = "n1", label: String = PodTemplateHash.label) -> Pod {
    var pod = Pod(namespace: "apps", name: name, labels: ["app": "web", label: hash])
    pod.ownerReferences = [OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: owner)]
    pod.nodeName = node
    pod.setCondition(Condition(type: "Ready", isTrue: ready))
    return pod
  }

  @Test func templateHashIsStableAndChangesWithTheTemplate() {
    let one = PodTemplateHash.of(Self.deployment(replicas: 1).template)
    #expect(one == PodTemplateHash.of(Self.deployment(replicas: 3).template))
    #expect(one != PodTemplateHash.of(Self.deployment(replicas: 1, image: "app:v2").template))
    #expect(one.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
  }

  @Test func scalesUpAndDownPreferringToDeleteUnreadyPods() {
    let deployment = Self.deployment(replicas: 3)
    let hash = PodTemplateHash.of(deployment.template)
    let up = DeploymentPlan.plan(for: deployment, pods: [Self.pod("a", hash: hash, ready: true)])
    #expect(up.create == 2)
    #expect(up.delete.isEmpty)
    let down = DeploymentPlan.plan(
      for: Self.deployment(replicas: 1),
      pods: [Self.pod("a", hash: hash, ready: true), Self.pod("b", hash: hash, ready: false), Self.pod("c", hash: hash, ready: true)])
    #expect(down.create == 0)
    #expect(down.delete.count == 2)
    #expect(down.delete.first == "b")
    // Pods of someone else are not counted or touched.
    let foreign = DeploymentPlan.plan(for: deployment, pods: [Self.pod("x", owner: "other", hash: hash, ready: true)])
    #expect(foreign.create == 3)
    #expect(foreign.delete.isEmpty)
  }

  @Test func rolloutKeepsOldPodsUntilNewOnesAreReady() {
    let v1 = Self.deployment(replicas: 2)
    let v2 = Self.deployment(replicas: 2, image: "app:v2")
    let old = PodTemplateHash.of(v1.template)
    let new = PodTemplateHash.of(v2.template)
    let oldPods = [Self.pod("o1", hash: old, ready: true), Self.pod("o2", hash: old, ready: true)]
    let start = DeploymentPlan.plan(for: v2, pods: oldPods)
    #expect(start.create == 2)
    #expect(start.delete.isEmpty)
    let half = DeploymentPlan.plan(
      for: v2, pods: oldPods + [Self.pod("n1", hash: new, ready: true), Self.pod("n2", hash: new, ready: false)])
    #expect(half.create == 0)
    #expect(half.delete.count == 1)
    let status = Deployment(try! KubeObject(json: ["status": half.status]))
    #expect(status.updatedReplicas == 2)
    #expect(status.statusReplicas == 4)
    #expect(status.conditions.first { $0.type == "Progressing" }?.reason == "ReplicaSetUpdated")
    let done = DeploymentPlan.plan(
      for: v2, pods: [Self.pod("n1", hash: new, ready: true), Self.pod("n2", hash: new, ready: true)])
    var finished = v2
    finished.object.status = done.status
    #expect(finished.isRolledOut)
    #expect(finished.conditions.first { $0.type == "Available" }?.isTrue == true)
    #expect(finished.conditions.first { $0.type == "Progressing" }?.reason == "NewReplicaSetAvailable")
  }

  @Test func daemonSetPlacesOnePodPerMatchingNode() {
    var daemonSet = DaemonSet(namespace: "istio-system", name: "ztunnel")
    daemonSet.object.uid = "ds-uid"
    daemonSet.templateLabels = ["app": "ztunnel"]
    daemonSet.templateSpec = PodSpec(json: ["nodeSelector": ["kubernetes.io/os": "linux"], "containers": [["name": "z"]]])
    let hash = PodTemplateHash.of(daemonSet.template)
    let nodes = ["n1", "n2", "n3"].map { name in
      KubeNode(name: name, labels: name == "n3" ? [:] : ["kubernetes.io/os": "linux"])
    }
    func dsPod(_ name: String, node: String, hash: String, ready: Bool) -> Pod {
      var pod = Self.pod(name, owner: "ds-uid", hash: hash, ready: ready, node: node, label: PodTemplateHash.daemonSetLabel)
      pod.ownerReferences = [OwnerReference(apiVersion: "apps/v1", kind: "DaemonSet", name: "ztunnel", uid: "ds-uid")]
      return pod
    }
    let plan = DaemonSetPlan.plan(
      for: daemonSet, nodes: nodes,
      pods: [dsPod("z1", node: "n1", hash: hash, ready: true), dsPod("z3", node: "n3", hash: hash, ready: true),
        dsPod("z2old", node: "n2", hash: "old", ready: true)])
    #expect(plan.createOn.isEmpty)
    #expect(plan.delete == ["z2old", "z3"])
    let next = DaemonSetPlan.plan(for: daemonSet, nodes: nodes, pods: [dsPod("z1", node: "n1", hash: hash, ready: true)])
    #expect(next.createOn == ["n2"])
    var view = daemonSet
    view.object.status = next.status
    #expect(view.desiredNumberScheduled == 2)
    #expect(view.numberReady == 1)
    #expect(!view.isRolledOut)
  }

  @Test func endpointSlicesResolveNamedPortsPerPod() {
    var service = KubeService(namespace: "apps", name: "web")
    service.object.uid = "svc-uid"
    service.selector = ["app": "web"]
    service.ports = [ServicePortSpec(name: "http", port: 8000, targetPort: .string("web"))]
    func pod(_ name: String, ip: String?, port: Int, ready: Bool, labels: [String: String] = ["app": "web"]) -> Pod {
      var pod = Pod(namespace: "apps", name: name, labels: labels)
      pod.object.uid = "uid-\(name)"
      pod.containers = [Container(name: "c", ports: [ContainerPort(name: "web", containerPort: port)])]
      pod.nodeName = "n1"
      if let ip { pod.setIPs([ip]) }
      pod.setCondition(Condition(type: "Ready", isTrue: ready))
      return pod
    }
    let pods = [
      pod("a", ip: "10.244.1.2", port: 80, ready: true), pod("b", ip: "10.244.1.3", port: 8080, ready: false),
      pod("c", ip: nil, port: 80, ready: false), pod("d", ip: "10.244.1.4", port: 80, ready: true, labels: ["app": "db"]),
    ]
    let desired = EndpointSlicePlan.desired(for: service, pods: pods) ?? []
    #expect(desired.map { $0.ports.map(\.port) } == [[80], [8080]])
    #expect(desired[0].endpoints.map(\.addresses) == [["10.244.1.2"]])
    #expect(desired[0].endpoints.first?.targetRef?.name == "a")
    #expect(desired[0].endpoints.first?.nodeName == "n1")
    #expect(desired[1].endpoints.first?.conditions.ready == false)
    let changes = EndpointSlicePlan.changes(for: service, desired: desired, existing: [])
    #expect(changes.create.count == 2)
    #expect(changes.create.first?.labels[EndpointSlicePlan.managedByLabel] == EndpointSlicePlan.managedBy)
    #expect(changes.create.first?.serviceName == "web")
    #expect(changes.create.first?.object.ownerReferences.first?.uid == "svc-uid")
    // Written slices that already match produce no writes.
    let written = changes.create.enumerated().map { index, slice in
      var slice = slice
      slice.object.name = "web-\(index)"
      return slice
    }
    #expect(EndpointSlicePlan.changes(for: service, desired: desired, existing: written).isEmpty)
    // No matching pods: one empty slice.
    #expect(EndpointSlicePlan.desired(for: service, pods: [])?.first?.endpoints.isEmpty == true)
  }
}
