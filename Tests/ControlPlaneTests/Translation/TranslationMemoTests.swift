import ControlPlane
import Kube
import Shared
import Testing

/// Reusing per-pod results must never change what is translated.
@Suite("Translation memo")
struct TranslationMemoTests {
  static func pod(_ name: String, rv: String, app: String, ip: String) -> Pod {
    var pod = Pod(namespace: "apps", name: name, labels: ["app": app])
    pod.object.resourceVersion = rv
    pod.object.spec = [
      "nodeName": "n1", "containers": [["name": "c", "image": "i", "ports": [["containerPort": 8080]]]],
    ]
    pod.object.annotations = [MeshLabels.redirectionAnnotation: MeshLabels.redirectionEnabled]
    pod.object.status = [
      "phase": "Running", "podIP": .string(ip), "podIPs": [["ip": .string(ip)]],
      "conditions": [["type": "Ready", "status": "True"]],
    ]
    return pod
  }

  static func service(rv: String, targetPort: Int64) -> KubeService {
    var service = KubeService(namespace: "apps", name: "web")
    service.object.resourceVersion = rv
    service.object.spec = [
      "selector": ["app": "web"], "clusterIP": "10.96.0.10", "ports": [["port": 80, "targetPort": .int(targetPort)]],
    ]
    return service
  }

  @Test("with and without the memo, across pod, service and namespace changes, the snapshots are equal")
  func sameResult() {
    var namespace = Namespace(name: "apps", labels: [MeshLabels.dataplaneMode: "ambient"])
    namespace.object.resourceVersion = "1"
    var cluster = ClusterSnapshot(
      namespaces: ["apps": namespace],
      pods: [Self.pod("a", rv: "2", app: "web", ip: "10.0.0.1"), Self.pod("b", rv: "3", app: "db", ip: "10.0.0.2")],
      services: [Self.service(rv: "4", targetPort: 8080)])
    let memo = TranslationMemo()
    let config = MeshConfig()
    func check(_ step: String) {
      #expect(
        MeshTranslator.translate(cluster, config: config, memo: memo)
          == MeshTranslator.translate(cluster, config: config), "\(step)")
    }
    check("first")
    check("unchanged")
    cluster.pods[1] = Self.pod("b", rv: "5", app: "web", ip: "10.0.0.2")
    check("a pod joins the service")
    cluster.services = [Self.service(rv: "6", targetPort: 9090)]
    check("the service's target port changes")
    var unlabelled = Namespace(name: "apps")
    unlabelled.object.resourceVersion = "7"
    cluster.namespaces["apps"] = unlabelled
    check("the namespace leaves the mesh")
    let workload = MeshTranslator.translate(cluster, config: config, memo: memo).workloads.first
    #expect(workload?.tunnelProtocol == TunnelProtocol.none)
  }
}
