import ArgumentParser
import Foundation
import Kube

/// `make bench-kube`: the informer against the dev API server, which runs in a second process so
/// that memory figures are the client's alone.
@main
struct KubeBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kube-bench", subcommands: [Run.self], defaultSubcommand: Run.self)
}

enum SamplePods {
  /// A pod as a Deployment's ReplicaSet makes it, with the status a kubelet writes: about 1.1 KB of JSON.
  static func pod(_ index: Int, namespace: String) -> KubeObject {
    let app = "app-\(index % 500)"
    var pod = KubeObject(
      type: .pod, namespace: namespace, name: "\(app)-\(String(index, radix: 36))-x7k2p",
      labels: ["app": app, "version": "v1", "pod-template-hash": "7d9f8c6b5"])
    pod.annotations = ["kubectl.kubernetes.io/restartedAt": "2026-11-22T00:00:00Z"]
    pod.ownerReferences = [
      OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "\(app)-7d9f8c6b5", uid: UUID().uuidString)
    ]
    pod.spec = [
      "nodeName": .string("node-\(index % 100)"), "serviceAccountName": .string(app),
      "containers": [
        [
          "name": "main", "image": .string("docker.io/example/\(app):1.0"),
          "ports": [["containerPort": 8080, "protocol": "TCP"]],
          "resources": ["requests": ["cpu": "100m", "memory": "128Mi"]],
          "readinessProbe": ["httpGet": ["path": "/ready", "port": 8080], "periodSeconds": 10],
        ]
      ],
      "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
    ]
    let ip = "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"
    pod.status = [
      "phase": "Running", "podIP": .string(ip), "podIPs": [["ip": .string(ip)]], "hostIP": "172.18.0.2",
      "conditions": [
        ["type": "Ready", "status": "True"], ["type": "ContainersReady", "status": "True"],
        ["type": "PodScheduled", "status": "True"],
      ],
      "containerStatuses": [["name": "main", "ready": true, "restartCount": 0, "started": true]],
    ]
    return pod
  }
}
