import Kube
import Logging

/// kube-proxy for the dev cluster: follows Services and EndpointSlices and writes their VIP
/// rules into every node's netns (pods route through their node, hostNetwork pods live in it),
/// so a Service's cluster IP reaches its ready endpoints from any pod.
///
/// Changes are coalesced: a burst of events leads to one rewrite per node of the whole rule set,
/// which `ServiceProxyApplier` does atomically. A failed write is retried on the next change or
/// after `retryInterval`.
public final class ServiceProxyController: Sendable {
  let services: Informer
  let slices: Informer
  let appliers: [ServiceProxyApplier]
  let logger: Logger
  let retryInterval: Duration

  /// `networkNamespacePaths`: where the rules go (`/var/run/netns/<node netns>`).
  public init(
    client: KubeClient, networkNamespacePaths: [String], retryInterval: Duration = .seconds(5),
    logger: Logger = Logger(label: "mesh.dev.serviceproxy")
  ) {
    services = Informer(client: client, type: .service, logger: logger)
    slices = Informer(client: client, type: .endpointSlice, logger: logger)
    appliers = networkNamespacePaths.map { ServiceProxyApplier(networkNamespacePath: $0, logger: logger) }
    self.logger = logger
    self.retryInterval = retryInterval
  }

  /// Runs until cancelled.
  public func run() async {
    let (changes, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    await withTaskGroup(of: Void.self) { group in
      for informer in [services, slices] {
        group.addTask { await informer.run() }
        group.addTask {
          for await _ in informer.events() { signal.yield() }
        }
      }
      group.addTask {
        await self.services.waitForSync()
        await self.slices.waitForSync()
        signal.yield()
        // A periodic pass repairs a failed write even when nothing else changes.
        while !Task.isCancelled {
          try? await Task.sleep(for: self.retryInterval)
          signal.yield()
        }
      }
      group.addTask {
        var written: [ServiceProxyRules.Portal]?
        for await _ in changes {
          if Task.isCancelled { return }
          guard self.services.hasSynced, self.slices.hasSynced else { continue }
          let services = self.services.list().map(KubeService.init)
          let slices = self.slices.list().map(EndpointSlice.init)
          let key = ServiceProxyRules.portals(services: services, slices: slices)
          if key == written { continue }
          written = await self.apply(services: services, slices: slices) ? key : nil
        }
      }
      await withTaskCancellationHandler {
        await group.next()
      } onCancel: {
        signal.finish()
      }
      group.cancelAll()
    }
  }

  /// Writes the rules into every node; false when one failed (it is retried).
  private func apply(services: [KubeService], slices: [EndpointSlice]) async -> Bool {
    var ok = true
    for applier in appliers {
      do {
        try await applier.apply(services: services, slices: slices)
      } catch {
        ok = false
        logger.warning("cannot write service rules", metadata: ["serviceproxy.error": "\(error)"])
      }
    }
    return ok
  }
}
