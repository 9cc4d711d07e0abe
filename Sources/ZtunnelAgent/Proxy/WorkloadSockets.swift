import NIOCore
import Shared

/// Opens the ztunnel's own TCP connections on behalf of a local workload: upstream to an HBONE
/// peer or a destination outside the mesh, and inbound to the pod itself. In-pod capture mode
/// creates them inside the workload's network namespace with the ztunnel mark (so the pod's
/// redirect rules skip them); without capture they are ordinary sockets.
protocol WorkloadSockets: Sendable {
  func connect(
    to address: SocketAddress, for workload: Workload?, on loop: any EventLoop
  ) -> EventLoopFuture<any Channel>
}
