import Logging
import NIOCore
import Shared

/// Capture of one pod: ztunnel's listeners opened inside the pod's network namespace and the
/// redirect rules installed there; `stop()` undoes both.
///
/// Listeners are opened before the rules go in, so a redirected connection never meets a closed
/// port (Istio's CNI likewise waits for ztunnel's ack before it reports the pod ready). On stop
/// the rules go first, so the pod's traffic flows directly again before the listeners close.
/// Any failure in `start` undoes what was done and rethrows: a pod is either fully captured or
/// not at all, and the caller must not mark it captured (`ambient.istio.io/redirection`).
public actor PodCapture {
  /// Opens one listener inside the given namespace (e.g. via `NetnsExecutor.bind`).
  public typealias ListenerFactory = @Sendable (NetworkNamespace) async throws -> any Channel

  private let installer: CaptureInstaller
  private let logger: Logger
  private var namespace: NetworkNamespace?
  private var listeners: [any Channel] = []
  /// True while `start` or `stop` is suspended: actor methods interleave at `await`s.
  private var busy = false

  public init(installer: CaptureInstaller, logger: Logger = Logger(label: "ztunnel.capture.pod")) {
    self.installer = installer
    self.logger = logger
  }

  /// The namespace being captured, nil when stopped.
  public var capturedNamespace: NetworkNamespace? { namespace }
  /// The open listeners, in the order their factories were given.
  public var listenerChannels: [any Channel] { listeners }

  /// Opens the listeners (calling `listeners` in order) and installs the rules (IPv6 too when
  /// a pod IP is IPv6).
  public func start(
    netns: NetworkNamespace, podIPs: [IPAddress], listeners factories: [ListenerFactory]
  )
    async throws
  {
    guard namespace == nil, !busy else {
      throw CaptureError(
        .rules,
        "pod capture of \(netns) refused: already started or changing (\(namespace.map(\.description) ?? "busy"))")
    }
    busy = true
    defer { busy = false }
    var opened: [any Channel] = []
    do {
      for factory in factories { opened.append(try await factory(netns)) }
    } catch {
      await Self.close(opened)
      throw error
    }
    do {
      try await installer.install(in: netns, ipv6: podIPs.contains { !$0.isIPv4 })
    } catch {
      try? await installer.remove(in: netns)  // one family may have gone in before the other failed
      await Self.close(opened)
      throw error
    }
    namespace = netns
    listeners = opened
    logger.info(
      "pod captured",
      metadata: [
        "capture.netns": .string(netns.description),
        "capture.pod_ips": .string(podIPs.map(\.description).joined(separator: ",")),
        "capture.listeners": .stringConvertible(opened.count),
      ])
  }

  /// Removes the rules, then closes the listeners. Idempotent; a removal failure is rethrown
  /// after the listeners are closed anyway.
  public func stop() async throws {
    guard let netns = namespace, !busy else { return }
    busy = true
    defer { busy = false }
    let opened = listeners
    namespace = nil
    listeners = []
    var failure: (any Error)?
    do {
      try await installer.remove(in: netns)
    } catch {
      failure = error
    }
    await Self.close(opened)
    logger.info("pod capture stopped", metadata: ["capture.netns": .string(netns.description)])
    if let failure { throw failure }
  }

  /// Closes the listeners and leaves the rules in place: what a stopping ztunnel does, so that
  /// the pod's traffic keeps going to the (now closed) ports and fails instead of leaving the
  /// pod in plaintext. A restarted ztunnel installs the same rules again (installation is
  /// idempotent) and opens new listeners.
  public func detach() async {
    guard let netns = namespace, !busy else { return }
    busy = true
    defer { busy = false }
    let opened = listeners
    namespace = nil
    listeners = []
    await Self.close(opened)
    logger.info("pod capture detached (rules kept)", metadata: ["capture.netns": .string(netns.description)])
  }

  private static func close(_ channels: [any Channel]) async {
    for channel in channels { try? await channel.close() }
  }
}
