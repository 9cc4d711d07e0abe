/// The commands that build and remove the cluster's network. Apply is idempotent (`File exists`
/// counts as done, routes use `replace`); teardown removes the node namespaces (which takes their
/// veths and the host routes through them) and the bridge.
extension ClusterTopology {
  /// Bridge, node namespaces and veths, addresses, forwarding and the routes between node pod
  /// CIDRs, plus host routes so processes on the host (API server, runner, tests) reach pods.
  public func applySteps() -> [NetworkStep] {
    var steps: [NetworkStep] = [
      .create(["link", "add", bridge, "type", "bridge"]),
      .create(["addr", "add", "\(bridgeAddress)/\(bridgePrefixLength)", "dev", bridge]),
      .ip(["link", "set", bridge, "up"]),
    ]
    for node in nodes {
      let inNode = ["-n", node.netns]
      steps += [
        .create(["netns", "add", node.netns]),
        .create(["link", "add", node.hostInterface, "type", "veth", "peer", "name", "eth0", "netns", node.netns]),
        .ip(["link", "set", node.hostInterface, "master", bridge]),
        .ip(["link", "set", node.hostInterface, "up"]),
        .ip(inNode + ["link", "set", "lo", "up"]),
        .create(inNode + ["addr", "add", "\(node.address)/\(bridgePrefixLength)", "dev", "eth0"]),
        .ip(inNode + ["link", "set", "eth0", "up"]),
        // The pods' gateway lives on lo: the node answers ARP for it on every pod veth.
        .create(inNode + ["addr", "add", "\(node.podGateway)/32", "dev", "lo"]),
        .ip(inNode + ["route", "replace", "default", "via", bridgeAddress]),
        .enable("net.ipv4.ip_forward", netns: node.netns),
        .ip(["route", "replace", node.podCIDR, "via", node.address, "dev", bridge]),
      ]
      for other in nodes where other.index != node.index {
        steps.append(.ip(inNode + ["route", "replace", other.podCIDR, "via", other.address, "dev", "eth0"]))
      }
    }
    return steps
  }

  /// Removes the given pod namespaces, then the nodes and the bridge. Processes still inside a
  /// namespace keep it alive: the caller kills them first.
  public func teardownSteps(podNetns: [String]) -> [NetworkStep] {
    podNetns.map { .remove(["netns", "del", $0]) }
      + nodes.map { .remove(["netns", "del", $0.netns]) }
      + [.remove(["link", "del", bridge])]
  }

  /// Of all netns names on the machine, those this cluster's pods own (not its nodes).
  public func podNamespaces(among names: [String]) -> [String] {
    let nodeNames = Set(nodes.map(\.netns))
    return names.filter { $0.hasPrefix(netnsPrefix) && !nodeNames.contains($0) }
  }
}
