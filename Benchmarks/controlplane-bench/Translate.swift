import ArgumentParser
import ControlPlane
import Foundation
import Kube
import Shared

/// Translation alone, in process: a synthetic cluster of `pods` pods (one ambient namespace, a
/// Service per 100 pods, one policy per Service) translated `rounds` times. For profiling.
struct Translate: AsyncParsableCommand {
  @Option var pods = 10_000
  @Option var rounds = 5

  func run() async throws {
    var cluster = ClusterSnapshot()
    cluster.namespaces["bench"] = Namespace(name: "bench", labels: [MeshLabels.dataplaneMode: "ambient"])
    for index in 0..<pods {
      var pod = Pod(namespace: "bench", name: "pod-\(index)", labels: ["app": "app-\(index % 100)", "version": "v1"])
      pod.object.spec = ["nodeName": .string("node-\(index % 10)"), "containers": [["name": "c", "image": "app"]]]
      pod.object.annotations = [MeshLabels.redirectionAnnotation: MeshLabels.redirectionEnabled]
      let ip = "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"
      pod.object.status = [
        "phase": "Running", "podIP": .string(ip), "podIPs": [["ip": .string(ip)]],
        "conditions": [["type": "Ready", "status": "True"]],
      ]
      cluster.pods.append(pod)
    }
    for app in 0..<(pods / 100) {
      var service = KubeService(namespace: "bench", name: "app-\(app)")
      service.object.spec = [
        "selector": ["app": .string("app-\(app)")], "clusterIP": .string("10.96.\(app >> 8).\(app & 255)"),
        "ports": [["name": "http", "port": 80, "targetPort": 8080]],
      ]
      cluster.services.append(service)
    }
    let clock = ContinuousClock()
    for round in 0..<rounds {
      let elapsed = clock.measure { _ = MeshTranslator.translate(cluster, config: MeshConfig()) }
      print("round \(round): \(pods) pods, \(cluster.services.count) services: \(elapsed)")
    }
  }
}
