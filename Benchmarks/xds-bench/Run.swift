import ArgumentParser
import BenchSupport
import CA
import Foundation
import Shared
import XDS

struct Run: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Measure snapshot and change propagation.")

  @Option var subscribers = 100
  @Option(help: "Snapshot sizes, comma-separated.") var workloads = "10000,100000"
  @Option var changes = 100
  @Option var json: String?
  @Option(help: "Push throttle window in milliseconds.") var window = 100
  @Flag(help: "Subscribers only ACK (no decoding), so the figures measure the server.") var light = false
  @Option(help: "Cut responses at about this many KiB of resources.") var pieceKB = 128

  func run() async throws {
    let sizes = workloads.split(separator: ",").compactMap { Int($0) }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xds-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    var results: [String: Any] = ["subscribers": subscribers, "light_subscribers": light]
    print(
      "subscribers: \(subscribers) \(light ? "light (ACK only, no decoding)" : "full DeltaADSClient (decode and apply)")"
    )

    // Cache memory alone, before anything else is allocated for serving.
    let largest = sizes.max() ?? 0
    let heapBefore = ProcessStats.trimmedRSS()
    let probe = ResourceCache()
    probe.update(
      typeURL: XDSTypeURL.address, upserts: try (0..<largest).map { try BenchSetup.resource(BenchSetup.workload($0)) })
    let perWorkload = Double(ProcessStats.trimmedRSS() - heapBefore) / Double(max(largest, 1))
    print(String(format: "cache memory: %.0f bytes per workload (%d workloads, heap in use)", perWorkload, largest))
    results["cache_bytes_per_workload"] = perWorkload
    _ = probe.count(typeURL: XDSTypeURL.address)

    let ca = try CertificateAuthority(
      store: DirectoryCAStore(directory: dir.appendingPathComponent("ca")), mode: .selfSigned)
    let cache = ResourceCache(window: .milliseconds(window))
    let auth = StaticTokenAuthenticator(tokens: BenchSetup.tokens, clusterID: MeshDefaults.clusterID)
    let ads = DeltaADSServer(cache: cache, authenticator: auth, pods: nil, maxResponseBytes: pieceKB << 10)
    let server = try ControlPlaneServer(
      config: ControlPlaneServerConfig(
        host: "127.0.0.1", port: 0,
        identity: try SpiffeIdentity(parsing: "spiffe://cluster.local/ns/istio-system/sa/istiod"),
        servingNames: ["127.0.0.1"]),
      service: CertificateService(
        ca: ca, authenticator: auth, authorizer: IdentityAuthorizer(trustDomain: "cluster.local", pods: nil)),
      extraServices: [ads])
    let rootFile = dir.appendingPathComponent("root.pem").path
    try ca.trustBundlePEM.write(toFile: rootFile, atomically: true, encoding: .utf8)

    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.server.serve() }
      defer { server.server.beginGracefulShutdown() }
      guard let port = try await server.listeningPort() else { throw CAError(.unavailable, "no port") }
      let child = try spawnClients(port: port, root: rootFile)
      defer {
        try? (child.standardInput as? Pipe)?.fileHandleForWriting.close()
        child.waitUntilExit()
      }
      // Everyone connected and answered the (empty) first push.
      try await waitForAcks(ads, atLeast: subscribers, timeout: .seconds(60))
      print("\(subscribers) subscribers connected")

      for (index, size) in sizes.enumerated() {
        let acked = ads.stats.snapshot.syncedAcks
        let offset = index * 10_000_000
        let resources = try (0..<size).map { try BenchSetup.resource(BenchSetup.workload(offset + $0)) }
        let (serverCPU, clientCPU) = (ProcessStats.cpuSeconds(), ProcessStats.cpuSeconds(pid: child.processIdentifier))
        let start = ContinuousClock.now
        cache.replace(typeURL: XDSTypeURL.address, with: resources)
        try await waitForAcks(ads, atLeast: acked + subscribers, timeout: .seconds(300))
        let elapsed = ContinuousClock.now - start
        let server = ProcessStats.cpuSeconds() - serverCPU
        let clients = ProcessStats.cpuSeconds(pid: child.processIdentifier) - clientCPU
        print(
          String(
            format:
              "snapshot of %d workloads to %d subscribers, all ACKed: %.0f ms (CPU: server %.2f s, subscribers %.2f s)",
            size, subscribers, elapsed.milliseconds, server, clients))
        results["snapshot_\(size)_ms"] = elapsed.milliseconds
        results["snapshot_\(size)_server_cpu_s"] = server
        results["snapshot_\(size)_subscribers_cpu_s"] = clients
      }

      let base = (sizes.count - 1) * 10_000_000
      var latencies: [Double] = []
      for i in 0..<changes {
        try await Task.sleep(for: cache.window + .milliseconds(20))  // a change after a quiet period
        let acked = ads.stats.snapshot.syncedAcks
        let start = ContinuousClock.now
        cache.update(
          typeURL: XDSTypeURL.address,
          upserts: [try BenchSetup.resource(BenchSetup.workload(base + i, revision: i + 1))])
        try await waitForAcks(ads, atLeast: acked + subscribers, timeout: .seconds(30))
        latencies.append((ContinuousClock.now - start).milliseconds)
      }
      latencies.sort()
      let p50 = latencies[latencies.count / 2]
      let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
      print(
        String(
          format: "one changed workload to all %d subscribers, ACKed: p50 %.1f ms, p99 %.1f ms (%d changes)",
          subscribers, p50, p99, changes))
      results["change_p50_ms"] = p50
      results["change_p99_ms"] = p99
      let rss = ProcessStats.rssBytes()
      let trimmed = ProcessStats.trimmedRSS()
      print(
        String(
          format:
            "control plane RSS (server process, %d workloads cached, %d streams): %.0f MB peak-ish, %.0f MB after malloc_trim",
          sizes.last ?? 0, subscribers, Double(rss) / 1e6, Double(trimmed) / 1e6))
      results["server_rss_mb"] = Double(rss) / 1e6
      results["server_rss_trimmed_mb"] = Double(trimmed) / 1e6
    }
    if let json {
      try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys]).write(
        to: URL(fileURLWithPath: json))
    }
  }

  private func spawnClients(port: Int, root: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments =
      ["clients", "--port", "\(port)", "--root", root, "--count", "\(subscribers)"] + (light ? ["--light"] : [])
    process.standardInput = Pipe()
    try process.run()
    return process
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
