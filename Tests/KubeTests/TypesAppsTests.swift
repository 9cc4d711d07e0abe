import Foundation
import Kube
import Testing

@Suite("Types: Deployments and DaemonSets")
struct TypesAppsTests {
  static let ztunnel = """
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: ztunnel, namespace: istio-system, generation: 3}
    spec:
      selector: {matchLabels: {app: ztunnel}, matchExpressions: [{key: tier, operator: NotIn, values: [test]}]}
      updateStrategy: {type: RollingUpdate}
      template:
        metadata:
          labels: {app: ztunnel, sidecar.istio.io/inject: "false"}
          annotations: {prometheus.io/port: "15020"}
        spec:
          serviceAccountName: ztunnel
          hostNetwork: false
          tolerations: [{operator: Exists}]
          containers:
          - name: istio-proxy
            image: ztunnel:dev
            args: [proxy, ztunnel]
            ports: [{containerPort: 15020, name: ztunnel-stats}]
            securityContext: {capabilities: {add: [NET_ADMIN]}}
    status:
      observedGeneration: 3
      desiredNumberScheduled: 2
      currentNumberScheduled: 2
      numberReady: 1
      numberAvailable: 1
      updatedNumberScheduled: 2
      numberMisscheduled: 0
    """

  @Test("reads a DaemonSet's selector, template and status")
  func daemonSet() throws {
    var ztunnel = DaemonSet(try KubeObject(json: try YAMLDocuments.parseOne(Self.ztunnel)))
    let selector = try #require(ztunnel.labelSelector)
    #expect(selector.matches(["app": "ztunnel"]))
    #expect(!selector.matches(["app": "ztunnel", "tier": "test"]))
    #expect(ztunnel.templateLabels == ["app": "ztunnel", "sidecar.istio.io/inject": "false"])
    #expect(ztunnel.templateAnnotations == ["prometheus.io/port": "15020"])
    #expect(ztunnel.templateServiceAccountName == "ztunnel")
    #expect(ztunnel.templateContainers.first?.ports.first?.name == "ztunnel-stats")
    #expect(ztunnel.desiredNumberScheduled == 2)
    #expect(ztunnel.currentNumberScheduled == 2)
    #expect(ztunnel.numberReady == 1)
    #expect(ztunnel.numberAvailable == 1)
    #expect(ztunnel.updatedNumberScheduled == 2)
    #expect(ztunnel.observedGeneration == 3)
    #expect(!ztunnel.isRolledOut)

    ztunnel.numberReady = 2
    ztunnel.numberAvailable = 2
    #expect(ztunnel.isRolledOut)
    #expect(ztunnel.object.json.value(at: ["status", "numberMisscheduled"]) == 0)
    #expect(ztunnel.object.json.value(at: ["status", "numberReady"]) == 2)
  }

  @Test("template setters keep the rest of the template")
  func templateSetters() throws {
    var ztunnel = DaemonSet(try KubeObject(json: try YAMLDocuments.parseOne(Self.ztunnel)))
    ztunnel.templateAnnotations["kubectl.kubernetes.io/restartedAt"] = "2024-05-01T10:00:00Z"
    var spec = ztunnel.templateSpec
    spec.serviceAccountName = "ztunnel-v2"
    var containers = spec.containers
    containers[0].image = "ztunnel:v2"
    spec.containers = containers
    ztunnel.templateSpec = spec

    let json = ztunnel.object.json
    #expect(
      json.value(at: ["spec", "template", "metadata", "annotations"]) == [
        "prometheus.io/port": "15020", "kubectl.kubernetes.io/restartedAt": "2024-05-01T10:00:00Z",
      ])
    #expect(json.value(at: ["spec", "template", "spec", "tolerations"]) == [["operator": "Exists"]])
    #expect(json.value(at: ["spec", "template", "spec", "serviceAccountName"]) == "ztunnel-v2")
    let container = try #require(json.value(at: ["spec", "template", "spec", "containers"])?.arrayValue?.first)
    #expect(container["image"] == "ztunnel:v2")
    #expect(container["securityContext"] == ["capabilities": ["add": ["NET_ADMIN"]]])
    #expect(json.value(at: ["spec", "updateStrategy"]) == ["type": "RollingUpdate"])
  }

  @Test("a Deployment's replicas default to one and its status drives rollout")
  func deployment() throws {
    var deployment = Deployment(namespace: "ambient-apps", name: "httpbin-ambient-waypoint")
    #expect(deployment.replicas == 1)
    #expect(deployment.selector == nil)
    #expect(deployment.labelSelector == nil)
    #expect(deployment.templateServiceAccountName == "default")
    #expect(deployment.templateContainers.isEmpty)
    #expect(!deployment.isRolledOut)

    deployment.replicas = 2
    deployment.selector = ["matchLabels": ["gateway.networking.k8s.io/gateway-name": "httpbin-ambient-waypoint"]]
    deployment.templateLabels = ["gateway.networking.k8s.io/gateway-name": "httpbin-ambient-waypoint"]
    deployment.templateSpec = PodSpec(json: ["containers": [["name": "istio-proxy", "image": "waypoint:dev"]]])
    #expect(deployment.labelSelector?.matches(deployment.templateLabels) == true)
    #expect(deployment.templateContainers.map(\.name) == ["istio-proxy"])

    deployment.object.generation = 1
    deployment.observedGeneration = 1
    deployment.statusReplicas = 3
    deployment.updatedReplicas = 2
    deployment.readyReplicas = 2
    deployment.availableReplicas = 2
    // An old pod is still around.
    #expect(!deployment.isRolledOut)
    deployment.statusReplicas = 2
    #expect(deployment.isRolledOut)
    // A newer spec the controller has not seen yet.
    deployment.object.generation = 2
    #expect(!deployment.isRolledOut)

    deployment.setCondition(
      Condition(type: "Available", isTrue: true, reason: "MinimumReplicasAvailable"),
      now: Date(timeIntervalSince1970: 1_700_000_000))
    #expect(deployment.conditions.isTrue("Available"))
    let status = deployment.object.json["status"]
    #expect(status?["availableReplicas"] == 2)
    #expect(status?["conditions"]?.arrayValue?.first?["lastTransitionTime"] == "2023-11-14T22:13:20Z")
  }
}
