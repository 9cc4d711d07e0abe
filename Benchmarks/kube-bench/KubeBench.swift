import ArgumentParser
import DevCluster
import Foundation
import Glibc
import Kube
import Logging
import ServiceLifecycle

/// `make bench-kube`: the informer against the dev API server, which runs in a second process so
/// that memory figures are the client's alone.
@main
struct KubeBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kube-bench", subcommands: [Run.self, Serve.self], defaultSubcommand: Run.self)

  /// The API server half.
  struct Serve: AsyncParsableCommand {
    @Option var stateDir: String

    func run() async throws {
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .warning
        return handler
      }
      let server = DevAPIServer(config: DevAPIServerConfig(stateDirectory: stateDir), logger: Logger(label: "bench"))
      _ = try await server.start()
      let group = ServiceGroup(
        configuration: .init(
          services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint],
          logger: Logger(label: "bench")))
      try await group.run()
    }
  }
}

enum Measure {
  /// RSS after `malloc_trim(0)`: what live structures hold rather than what temporaries left behind.
  static func trimmedRSS() -> Int {
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb * 1024
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }

  /// A pod as a Deployment's ReplicaSet makes it, with the status a kubelet writes: ~1.7 KB of JSON.
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
