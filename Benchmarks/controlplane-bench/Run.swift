import ArgumentParser
import BenchSupport
import CA
import ControlPlane
import Foundation
import Kube
import Logging
import Shared
import XDS

/// Creates pods (and a Service per 100 of them) in an ambient namespace, starts the control plane
/// and 100 subscribers, then times
/// single-pod changes from the Kubernetes write to the last subscriber's ACK.
struct Run: AsyncParsableCommand {
  @Option(help: "Pod counts to measure, in order.") var pods: [Int] = [1_000, 10_000]
  @Option var subscribers = 100
  @Option var changes = 50
  @Option(help: "Write results as JSON here.") var output: String?

  func run() async throws {
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = .warning
      return handler
    }
    let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    let state = FileManager.default.temporaryDirectory.appendingPathComponent("cp-bench-\(UUID().uuidString)").path
    let api = try await DevAPIServerProcess(stateDirectory: state + "/api")
    defer {
      api.stop()
      try? FileManager.default.removeItem(atPath: state)
    }
    let kubeconfig = api.kubeconfig
    let kube = try KubeClient(config: try KubeConfig.fromKubeconfig(path: kubeconfig))
    _ = try await kube.create(
      KubeObject(type: .namespace, name: "bench", labels: [MeshLabels.dataplaneMode: "ambient"]), as: .namespace)
    var results: [String: Double] = ["subscribers": Double(subscribers)]
    let baseline = ProcessStats.trimmedRSS()

    // The control plane: translation into the cache, CA + Delta ADS on a loopback port.
    let cache = ResourceCache()
    let app = ControlPlaneApp(client: kube, cache: cache, config: MeshConfig())
    let ca = try CertificateAuthority(
      store: DirectoryCAStore(directory: URL(fileURLWithPath: state + "/ca")), mode: .selfSigned)
    let root = state + "/root-cert.pem"
    try ca.trustBundlePEM.write(toFile: root, atomically: true, encoding: .utf8)
    let tokens = StaticTokenAuthenticator(
      tokens: ["bench-ztunnel": AuthenticatedCaller(namespace: "istio-system", serviceAccount: "ztunnel")],
      clusterID: MeshDefaults.clusterID)
    let ads = DeltaADSServer(cache: cache, authenticator: tokens, pods: nil)
    let server = try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: "127.0.0.1", port: 0,
        identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/istiod"),
        servingNames: ["127.0.0.1"]),
      service: CertificateService(
        ca: ca, authenticator: tokens, authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: nil)),
      extraServices: [ads])
    let appTask = Task { try await app.run() }
    let serverTask = Task { try await server.server.serve() }
    defer {
      appTask.cancel()
      server.server.beginGracefulShutdown()
      serverTask.cancel()
    }
    guard let port = try await server.listeningPort() else { throw ValidationError("no xDS port") }
    let clients = Process()
    clients.executableURL = URL(fileURLWithPath: binDir + "/xds-bench")
    clients.arguments = ["clients", "--port", "\(port)", "--root", root, "--count", "\(subscribers)", "--light"]
    clients.standardInput = Pipe()
    try clients.run()
    defer {
      try? (clients.standardInput as? Pipe)?.fileHandleForWriting.close()
      clients.waitUntilExit()
    }
    try await waitForAcks(ads, atLeast: subscribers, timeout: .seconds(60))
    print("\(subscribers) subscribers connected")

    var created = 0
    for size in pods {
      let acked = ads.stats.snapshot.syncedAcks
      try await createPods(kube, from: created, to: size)
      try await createServices(kube, from: created, to: size)
      created = size
      try await waitForPublish(app.publisher, workloads: size)
      try await waitForAcks(ads, atLeast: acked + subscribers, timeout: .seconds(300))
      let rss = ProcessStats.trimmedRSS()
      results["rss_mb_\(size)"] = Double(rss) / 1e6
      results["rss_per_1000_pods_mb_\(size)"] = Double(rss - baseline) / Double(size) * 1000 / 1e6
      results["translate_ms_\(size)"] = app.publisher.stats.lastPublishDuration.milliseconds
      print(
        String(
          format:
            "%d pods: control plane RSS %.0f MB after malloc_trim (%.1f MB per 1,000 pods above the empty process); full translation %.1f ms",
          size, Double(rss) / 1e6, results["rss_per_1000_pods_mb_\(size)"]!, results["translate_ms_\(size)"]!))

      var latencies: [Double] = []
      for change in 0..<changes {
        try await Task.sleep(for: cache.window + .milliseconds(30))
        let acked = ads.stats.snapshot.syncedAcks
        let began = ContinuousClock.now
        _ = try await kube.patch(
          .pod, namespace: "bench", name: "pod-\(change)",
          patch: ["metadata": ["labels": ["version": .string("v\(size)-\(change)")]]])
        try await waitForAcks(ads, atLeast: acked + subscribers, timeout: .seconds(30))
        latencies.append((ContinuousClock.now - began).milliseconds)
      }
      latencies.sort()
      let p50 = latencies[latencies.count / 2]
      let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
      results["change_p50_ms_\(size)"] = p50
      results["change_p99_ms_\(size)"] = p99
      print(
        String(
          format: "%d pods: one pod label change → all %d subscribers ACKed: p50 %.1f ms, p99 %.1f ms (%d changes)",
          size, subscribers, p50, p99, changes))
    }
    appTask.cancel()
    _ = await appTask.result
    await kube.shutdown()
    if let output {
      try JSONValue.object(results.mapValues { .double($0) }).jsonText.write(
        toFile: output, atomically: true, encoding: .utf8)
    }
  }

  /// One Service per 100 pods (selecting `app-N`), as a realistic cluster has.
  private func createServices(_ kube: KubeClient, from: Int, to: Int) async throws {
    for app in stride(from: from / 100, to: to / 100, by: 1) {
      var service = KubeObject(type: .service, namespace: "bench", name: "app-\(app)")
      service.spec = [
        "selector": ["app": .string("app-\(app)")], "ports": [["name": "http", "port": 80, "targetPort": 8080]],
      ]
      _ = try await kube.create(service, as: .service)
    }
  }

  private func createPods(_ kube: KubeClient, from: Int, to: Int) async throws {
    try await forEachConcurrently(from..<to, width: 16) { index in
      var pod = KubeObject(type: .pod, namespace: "bench", name: "pod-\(index)", labels: ["app": "app-\(index / 100)"])
      pod.spec = ["nodeName": .string("node-\(index % 10)"), "containers": [["name": "c", "image": "app"]]]
      pod.annotations = [MeshLabels.redirectionAnnotation: MeshLabels.redirectionEnabled]
      _ = try await kube.create(pod, as: .pod)
      let ip = "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"
      _ = try await kube.patch(
        .pod, namespace: "bench", name: "pod-\(index)",
        patch: [
          "status": [
            "phase": "Running", "podIP": .string(ip), "podIPs": [["ip": .string(ip)]],
            "conditions": [["type": "Ready", "status": "True"]],
          ]
        ], status: true)
    }
  }

  private func waitForPublish(_ publisher: MeshPublisher, workloads: Int) async throws {
    let deadline = ContinuousClock.now + .seconds(300)
    while publisher.stats.workloads < workloads {
      guard ContinuousClock.now < deadline else {
        throw ValidationError("timed out: \(publisher.stats.workloads) of \(workloads) workloads published")
      }
      try await Task.sleep(for: .milliseconds(20))
    }
  }

  private func waitForAcks(_ ads: DeltaADSServer, atLeast target: Int, timeout: Duration) async throws {
    let deadline = ContinuousClock.now + timeout
    while ads.stats.snapshot.syncedAcks < target {
      guard ContinuousClock.now < deadline else {
        throw ValidationError("timed out: \(ads.stats.snapshot.syncedAcks) of \(target) ACKs")
      }
      try await Task.sleep(for: .microseconds(200))
    }
  }
}
