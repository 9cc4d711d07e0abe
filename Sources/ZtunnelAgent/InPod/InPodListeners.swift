import MeshStore
import HBONE
import Logging
import NIOCore
import NIOPosix
import Shared
import Synchronization

/// In-pod capture for the workloads of this node (Istio's in-pod mode): finds each pod's network
/// namespace by its IP, opens the ztunnel's listeners inside it (15008 HBONE, 15001 outbound,
/// 15006 plaintext inbound), installs the redirect rules, and undoes all of it when the pod goes.
final class InPodListeners: Sendable {
  let node: String
  let store: WorkloadStore
  let server: HBONEServer
  let credentials: CredentialCache
  let proxy: OutboundProxy
  let inbound: PlaintextInbound
  let executor: NetnsExecutor
  let namespaces: PodNamespaces
  let group: any EventLoopGroup
  let logger: Logger
  let gate: any CaptureGate
  private let captures = Mutex<[String: PodCapture]>([:])
  private let failed = Mutex<Set<String>>([])
  private let pending = Mutex<Set<String>>([])

  init(
    node: String, store: WorkloadStore, server: HBONEServer, credentials: CredentialCache, proxy: OutboundProxy,
    inbound: PlaintextInbound, executor: NetnsExecutor, namespaces: PodNamespaces, group: any EventLoopGroup,
    gate: any CaptureGate = CaptureEveryLocalPod(), logger: Logger
  ) {
    self.gate = gate
    self.node = node
    self.store = store
    self.server = server
    self.credentials = credentials
    self.proxy = proxy
    self.inbound = inbound
    self.executor = executor
    self.namespaces = namespaces
    self.group = group
    self.logger = logger
  }

  var capturedUIDs: Set<String> { captures.withLock { Set($0.keys) } }
  var failedUIDs: Set<String> { failed.withLock { $0 } }

  func capture(_ workload: Workload) async {
    guard let ip = workload.addresses.first else { return }
    // One capture attempt per pod at a time: enrollment changes, store changes and retries all
    // reconcile, and a second concurrent bind would fail against the first.
    let claimed = captures.withLock { captures in
      pending.withLock { pending in
        guard captures[workload.uid] == nil, !pending.contains(workload.uid) else { return false }
        pending.insert(workload.uid)
        return true
      }
    }
    guard claimed else { return }
    defer { pending.withLock { _ = $0.remove(workload.uid) } }
    if let identity = try? workload.identity() { _ = try? await credentials.credential(for: identity) }
    do {
      guard let namespace = try await PodNetnsFinder(executor: executor, logger: logger).find(podIP: ip) else {
        throw ZtunnelError("no network namespace on this host has \(ip)")
      }
      namespaces.set(namespace, for: workload)
      let capture = PodCapture(installer: CaptureInstaller(logger: logger), logger: logger)
      try await capture.start(
        netns: namespace, podIPs: workload.addresses,
        listeners: [hboneListener, outboundListener(ip), inboundListener(ip)])
      captures.withLock { $0[workload.uid] = capture }
      failed.withLock { _ = $0.remove(workload.uid) }
      logger.info("pod captured", metadata: ["ztunnel.workload": "\(workload.uid)", "ztunnel.netns": "\(namespace)"])
      await gate.captured(workload)
    } catch {
      namespaces.remove(workload.uid)
      failed.withLock { _ = $0.insert(workload.uid) }
      logger.warning(
        "pod capture failed", metadata: ["ztunnel.workload": "\(workload.uid)", "ztunnel.error": "\(error)"])
    }
  }

  func release(_ workload: Workload) async {
    failed.withLock { _ = $0.remove(workload.uid) }
    guard let capture = captures.withLock({ $0.removeValue(forKey: workload.uid) }) else { return }
    do {
      try await capture.stop()
    } catch {
      logger.warning(
        "pod capture removal failed", metadata: ["ztunnel.workload": "\(workload.uid)", "ztunnel.error": "\(error)"])
    }
    namespaces.remove(workload.uid)
  }

  /// Shutdown: closes every pod's listeners but keeps its redirect rules, so a stopped ztunnel
  /// fails its node's mesh traffic closed (connections refused) instead of opening it in
  /// plaintext. Unenrolled pods get their rules removed by `release`.
  func detachAll() async {
    let all = captures.withLock { captures in
      defer { captures.removeAll() }
      return Array(captures.values)
    }
    for capture in all { await capture.detach() }
  }

  private var hboneListener: PodCapture.ListenerFactory {
    { [executor, server] namespace in
      let socket = try await executor.makeListeningSocket(
        in: namespace, host: "0.0.0.0", port: Int(MeshPorts.hbone), transparent: false)
      return try await server.adopt(listeningSocket: socket).channel
    }
  }

  private func outboundListener(_ podIP: IPAddress) -> PodCapture.ListenerFactory {
    { [executor, group, proxy] namespace in
      let bootstrap = Self.captured(group) { channel, destination in
        proxy.forward(channel, from: podIP, to: destination)
      }
      return try await executor.bind(bootstrap, host: "0.0.0.0", port: Int(MeshPorts.outbound), in: namespace)
    }
  }

  private func inboundListener(_ podIP: IPAddress) -> PodCapture.ListenerFactory {
    { [executor, group, inbound] namespace in
      let bootstrap = Self.captured(group) { channel, destination in inbound.handle(channel, destination: destination) }
      return try await executor.bind(bootstrap, host: "0.0.0.0", port: Int(MeshPorts.inboundPlaintext), in: namespace)
    }
  }

  /// A listener for redirected connections: reads wait until the handler has the upstream; the
  /// original destination comes from the redirect (SO_ORIGINAL_DST).
  static func captured(
    _ group: any EventLoopGroup, handle: @escaping @Sendable (any Channel, HostPort) -> Void
  ) -> ServerBootstrap {
    ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.allowRemoteHalfClosure, value: true)
      .childChannelOption(.autoRead, value: false)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(CapturedConnectionStarter(handle: handle))
        }
      }
  }
}
