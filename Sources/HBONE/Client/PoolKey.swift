import NIOCore
import Shared

/// Connections are shared only between tunnels with the same source identity, destination
/// identities, peer and source IP (wire-facts §5), and the same event loop, so that a tunnel's
/// stream and its local socket are always on one thread.
struct PoolKey: Hashable, Sendable {
  let source: SpiffeIdentity
  let expected: [SpiffeIdentity]
  let peer: String
  let sourceIP: IPAddress?
  let loop: ObjectIdentifier

  init(_ target: HBONETarget, loop: any EventLoop) {
    source = target.source.identity
    expected = target.expectedIdentities.sorted { $0.uri < $1.uri }
    peer = target.peer.description
    sourceIP = target.sourceIP
    self.loop = ObjectIdentifier(loop)
  }
}
