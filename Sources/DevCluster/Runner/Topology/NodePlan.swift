/// One dev-cluster node: a network namespace joined to the host bridge by a veth, routing for
/// its own pod CIDR.
public struct NodePlan: Sendable, Equatable {
  /// 1-based.
  public var index: Int
  /// The Node object's name.
  public var name: String
  /// `mdv-<cluster>-node<N>`.
  public var netns: String
  /// The host end of the node's veth (attached to the bridge); the node end is `eth0`.
  public var hostInterface: String
  /// `172.31.<subnet>.(10+N)`: the node's InternalIP.
  public var address: String
  /// `10.<podNetwork>.<N>.0/24`.
  public var podCIDR: String
  /// `10.<podNetwork>.<N>`: the first three octets of the pod CIDR.
  public var podPrefix: String
  /// `10.<podNetwork>.<N>.1`: the pods' default gateway (held on the node's loopback).
  public var podGateway: String
}
