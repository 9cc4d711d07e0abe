import ArgumentParser
import BenchSupport
import Foundation
import Kube

/// The client half: create N pods, then time an informer's initial list, a watch replay and live
/// watch delivery, and weigh its cache.
struct Run: AsyncParsableCommand {
  @Option(help: "Pods to create.") var pods = 10_000
  @Option(help: "Concurrent writers.") var writers = 16
  @Option(help: "Write results as JSON here.") var output: String?

  func run() async throws {
    let state = FileManager.default.temporaryDirectory.appendingPathComponent("kube-bench-\(UUID().uuidString)").path
    let server = try await DevAPIServerProcess(stateDirectory: state)
    defer {
      server.stop()
      try? FileManager.default.removeItem(atPath: state)
    }
    let kubeconfig = server.kubeconfig
    let clock = ContinuousClock()
    let client = try KubeClient(config: try KubeConfig.fromKubeconfig(path: kubeconfig))
    var results: [String: Double] = ["pods": Double(pods)]
    _ = try await client.create(KubeObject(type: .namespace, name: "bench"), as: .namespace)
    let before = try await client.list(.pod, namespace: "bench").resourceVersion

    // Writes: the server's create rate (also the rate the live watch is fed at).
    let createTime = try await clock.measure {
      try await forEachConcurrently(0..<pods, width: writers) { index in
        _ = try await client.create(SamplePods.pod(index, namespace: "bench"), as: .pod)
      }
    }
    results["create_per_s"] = Double(pods) / createTime.seconds
    report("created %d pods with %d writers: %.0f pods/s", pods, writers, results["create_per_s"]!)

    // List: an informer's initial sync.
    let heapBefore = ProcessStats.trimmedRSS()
    let informer = Informer(client: client, type: .pod, namespace: "bench")
    let runner = Task { await informer.run() }
    let syncTime = await clock.measure { await informer.waitForSync() }
    let heapAfter = ProcessStats.trimmedRSS()
    results["list_objects_per_s"] = Double(pods) / syncTime.seconds
    results["list_sync_ms"] = syncTime.milliseconds
    results["bytes_per_cached_pod"] = Double(heapAfter - heapBefore) / Double(pods)
    report(
      "informer initial list+cache of %d pods: %.0f ms (%.0f objects/s)", pods, results["list_sync_ms"]!,
      results["list_objects_per_s"]!)
    results["json_bytes_per_pod"] = Double(SamplePods.pod(pods / 2, namespace: "bench").serialized().count)
    report(
      "memory per cached pod (RSS delta after malloc_trim): %.0f bytes, for %.0f bytes of JSON",
      results["bytes_per_cached_pod"]!, results["json_bytes_per_pod"]!)

    // Watch replay: every event since `before`, streamed from history as fast as the client reads.
    let replayTime = try await clock.measure {
      var seen = 0
      for try await event in client.watch(.pod, namespace: "bench", resourceVersion: before, allowBookmarks: false) {
        if event.type == .added { seen += 1 }
        if seen == pods { break }
      }
    }
    results["watch_replay_events_per_s"] = Double(pods) / replayTime.seconds
    report("watch replay of %d events: %.0f events/s", pods, results["watch_replay_events_per_s"]!)

    // Live watch: patch every pod; time until the informer has applied every update.
    let applied = informer.stats.eventsApplied
    let liveTime = try await clock.measure {
      try await forEachConcurrently(0..<pods, width: writers) { index in
        _ = try await client.patch(
          .pod, namespace: "bench", name: SamplePods.pod(index, namespace: "bench").name,
          patch: ["metadata": ["annotations": ["bench/round": "2"]]])
      }
      while informer.stats.eventsApplied < applied + pods { try await Task.sleep(for: .milliseconds(5)) }
    }
    results["live_watch_events_per_s"] = Double(pods) / liveTime.seconds
    report(
      "live: %d patches written and seen by the informer: %.0f events/s (bounded by the write rate)", pods,
      results["live_watch_events_per_s"]!)
    runner.cancel()

    // Reference: kubectl (client-go) listing the same pods, process start included.
    let kubectlTime = try clock.measure {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["kubectl", "--kubeconfig", kubeconfig, "get", "pods", "-n", "bench", "-o", "json"]
      process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
      try process.run()
      process.waitUntilExit()
    }
    results["kubectl_list_ms"] = kubectlTime.milliseconds
    report(
      "reference: kubectl get pods -o json (client-go, process start included): %.0f ms", results["kubectl_list_ms"]!)
    await client.shutdown()
    if let output {
      let json = JSONValue.object(results.mapValues { .double($0) })
      try json.jsonText.write(toFile: output, atomically: true, encoding: .utf8)
    }
  }

  private func report(_ format: String, _ arguments: any CVarArg...) {
    print(String(format: format, arguments: arguments))
  }
}
