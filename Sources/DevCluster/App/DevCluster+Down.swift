/// `meshctl dev down`: what a dev cluster left after a crash or kill -9.
extension DevCluster {
  /// Kills what runs in the cluster's namespaces and removes them (nodes and pods: every netns
  /// with the cluster's prefix, whatever node count the run had), their veths and routes, and the
  /// bridge. Refuses while the cluster runs: its own shutdown does this. Returns the steps that
  /// failed (what was already gone is not a failure).
  public static func removeLeftovers(config: DevClusterConfig) async throws(DevClusterError) -> [String] {
    try HostRequirements.check()
    let lock = try ClusterLock(cluster: config.cluster)
    defer { lock.release() }
    var runnerConfig = config.runnerConfig
    // One node is enough: teardown takes every other netns with the prefix as a pod's.
    runnerConfig.nodeCount = 1
    let runner: NodeRunner
    do {
      runner = try NodeRunner(config: runnerConfig)
    } catch {
      throw DevClusterError(error.message)
    }
    return await runner.tearDownNetwork().map(\.message)
  }

  /// The bridge `removeLeftovers` removes.
  public static func bridgeName(cluster: String) -> String {
    (try? ClusterTopology(cluster: cluster, nodeCount: 1, bridgeSubnet: 0, podNetwork: 0))?.bridge ?? "mdv\(cluster)"
  }
}
