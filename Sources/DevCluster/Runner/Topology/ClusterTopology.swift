/// The pure layout of a dev cluster's network: names and addresses of the bridge, nodes and
/// pods. Everything that touches the kernel takes its names from here, so the plan can be tested
/// without root and teardown finds exactly what apply created.
public struct ClusterTopology: Sendable, Equatable {
  public var cluster: String
  /// `mdv<cluster>`: the host bridge every node's veth is attached to.
  public var bridge: String
  /// `172.31.<subnet>.1`: the host's address on the bridge; pods reach the API server and DNS here.
  public var bridgeAddress: String
  public var bridgePrefixLength = 24
  public var nodes: [NodePlan]
  /// Pod netns names start with this (`mdv-<cluster>-`), which is how teardown finds leftovers.
  public var netnsPrefix: String

  public init(cluster: String, nodeCount: Int, bridgeSubnet: UInt8, podNetwork: UInt8) throws(NodeRunnerError) {
    guard (1...8).contains(cluster.count), cluster.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) })
    else {
      throw NodeRunnerError(
        "dev cluster name \"\(cluster)\" must be 1-8 characters a-z or 0-9: it becomes part of interface names, "
          + "which Linux limits to 15 characters")
    }
    guard (1...50).contains(nodeCount) else {
      throw NodeRunnerError("dev cluster node count \(nodeCount) must be between 1 and 50")
    }
    self.cluster = cluster
    bridge = "mdv\(cluster)"
    bridgeAddress = "172.31.\(bridgeSubnet).1"
    netnsPrefix = "mdv-\(cluster)-"
    nodes = (1...nodeCount).map { index in
      NodePlan(
        index: index, name: "\(cluster)-node\(index)", netns: "mdv-\(cluster)-node\(index)",
        hostInterface: "mdv\(cluster)n\(index)", address: "172.31.\(bridgeSubnet).\(10 + index)",
        podCIDR: "10.\(podNetwork).\(index).0/24", podPrefix: "10.\(podNetwork).\(index)",
        podGateway: "10.\(podNetwork).\(index).1")
    }
  }

  public func node(named name: String) -> NodePlan? { nodes.first { $0.name == name } }

  /// The netns of a pod: `mdv-<cluster>-<namespace>-<pod>`, shortened with a hash when the
  /// names would exceed a file name's 255 bytes (netns are files under /var/run/netns).
  public func podNetns(namespace: String, name: String) -> String {
    let full = "\(netnsPrefix)\(namespace)-\(name)"
    guard full.utf8.count > 200 else { return full }
    return "\(String(decoding: Array(full.utf8.prefix(180)), as: UTF8.self))-\(Self.shortHash(full))"
  }

  /// The node-side interface of a pod's veth (the pod side is `eth0`): unique within the node's
  /// netns, 10 characters.
  public static func podInterface(namespace: String, name: String) -> String {
    "mp" + shortHash("\(namespace)/\(name)")
  }

  /// 8 hex digits of FNV-1a: stable across runs (unlike `hashValue`), enough to keep names apart.
  static func shortHash(_ text: String) -> String {
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }
}
