/// A pod's place in the network: its netns, the veth joining it to its node, and its address.
public struct PodNetworkPlan: Sendable, Equatable {
  public var netns: String
  public var node: NodePlan
  /// The node-side interface (inside the node's netns); the pod side is `eth0`.
  public var nodeInterface: String
  public var address: String

  public init(netns: String, node: NodePlan, nodeInterface: String, address: String) {
    self.netns = netns
    self.node = node
    self.nodeInterface = nodeInterface
    self.address = address
  }

  /// The pod is `<address>/24` on `eth0` with the node's gateway as default route; the node routes
  /// the address to the veth and answers ARP for its other pods (proxy ARP), so pods on one node
  /// reach each other through it as they would through a CNI bridge.
  public func applySteps() -> [NetworkStep] {
    let inNode = ["-n", node.netns]
    let inPod = ["-n", netns]
    return [
      .create(["netns", "add", netns]),
      .create(inNode + ["link", "add", nodeInterface, "type", "veth", "peer", "name", "eth0", "netns", netns]),
      .enable("net.ipv4.conf.\(nodeInterface).proxy_arp", netns: node.netns),
      .ip(inNode + ["link", "set", nodeInterface, "up"]),
      .ip(inNode + ["route", "replace", "\(address)/32", "dev", nodeInterface]),
      .ip(inPod + ["link", "set", "lo", "up"]),
      .create(inPod + ["addr", "add", "\(address)/24", "dev", "eth0"]),
      .ip(inPod + ["link", "set", "eth0", "up"]),
      .ip(inPod + ["route", "replace", "default", "via", node.podGateway, "dev", "eth0"]),
    ]
  }

  /// Deleting the netns destroys its `eth0`, which takes the node-side veth and its route along.
  public func teardownSteps() -> [NetworkStep] {
    [.remove(["netns", "del", netns]), .remove(["-n", node.netns, "link", "del", nodeInterface])]
  }
}
