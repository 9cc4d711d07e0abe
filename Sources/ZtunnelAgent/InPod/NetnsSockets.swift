import HBONE
import NIOCore
import NIOPosix
import Shared

/// In-pod sockets: created inside the workload's network namespace and marked 0x539, so they
/// leave from the pod's own address and its redirect rules let them through (wire-facts §7).
struct NetnsSockets: WorkloadSockets, HBONEConnector {
  let executor: NetnsExecutor
  let namespaces: PodNamespaces

  func connect(
    to address: SocketAddress, for workload: Workload?, on loop: any EventLoop
  ) -> EventLoopFuture<any Channel> {
    guard let workload, let namespace = namespaces.namespace(uid: workload.uid) else {
      return loop.makeFailedFuture(
        ZtunnelError("no captured network namespace for \(workload?.uid ?? "an unknown workload")"))
    }
    let bootstrap = ClientBootstrap(group: loop)
      .ztunnelMarked()
      .channelOption(.allowRemoteHalfClosure, value: true)
      .channelOption(.autoRead, value: false)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .connectTimeout(.seconds(5))
    return open(bootstrap, to: address, in: namespace, on: loop)
  }

  func connect(_ bootstrap: ClientBootstrap, for target: HBONETarget) -> EventLoopFuture<any Channel> {
    guard let sourceIP = target.sourceIP, let namespace = namespaces.namespace(ip: sourceIP) else {
      return MultiThreadedEventLoopGroup.singleton.next().makeFailedFuture(
        ZtunnelError("no captured network namespace for source \(target.sourceIP?.description ?? "?")"))
    }
    return open(bootstrap.ztunnelMarked(), to: target.peer, in: namespace, on: nil)
  }

  private func open(
    _ bootstrap: ClientBootstrap, to address: SocketAddress, in namespace: NetworkNamespace, on loop: (any EventLoop)?
  ) -> EventLoopFuture<any Channel> {
    nonisolated(unsafe) let bootstrap = bootstrap  // handed to the netns thread, read only there
    let executor = self.executor
    let promise = (loop ?? MultiThreadedEventLoopGroup.singleton.next()).makePromise(of: (any Channel).self)
    promise.completeWithTask { try await executor.connect(bootstrap, to: address, in: namespace) }
    return promise.futureResult
  }
}
