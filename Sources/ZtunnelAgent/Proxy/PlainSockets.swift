import NIOCore
import NIOPosix
import Shared

/// Ordinary sockets in the ztunnel's own network namespace: explicit mode, where workloads are
/// not captured and nothing can loop back into the ztunnel.
struct PlainSockets: WorkloadSockets {
  func connect(
    to address: SocketAddress, for workload: Workload?, on loop: any EventLoop
  ) -> EventLoopFuture<any Channel> {
    ClientBootstrap(group: loop)
      .channelOption(.allowRemoteHalfClosure, value: true)
      .channelOption(.autoRead, value: false)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .connectTimeout(.seconds(5))
      .connect(to: address)
  }
}
