import Foundation
import Kube
import Logging

/// The dev cluster's controller manager: the Deployment, DaemonSet and EndpointSlice
/// controllers, driven through the Kubernetes API with informers as kube-controller-manager is
/// (so everything they do is visible to kubectl and the mesh's control plane).
///
/// Each change queues the owning object's key; one loop reconciles keys one at a time from the
/// informer caches with the pure plans (`DeploymentPlan`, `DaemonSetPlan`, `EndpointSlicePlan`).
/// After writing pods it waits until the pod informer shows the writes, so the next reconcile
/// never acts on a cache that predates them (client-go's "expectations"). Failed reconciles are
/// retried with backoff; a periodic resync repairs anything missed.
public final class ControllerManager: Sendable {
  let client: KubeClient
  let logger: Logger
  let deployments: Informer
  let daemonSets: Informer
  let pods: Informer
  let nodes: Informer
  let services: Informer
  let slices: Informer
  let queue = WorkQueue()
  let resyncInterval: Duration

  public init(
    client: KubeClient, resyncInterval: Duration = .seconds(30),
    logger: Logger = Logger(label: "mesh.dev.controllers")
  ) {
    self.client = client
    self.logger = logger
    self.resyncInterval = resyncInterval
    deployments = Informer(client: client, type: .deployment, logger: logger)
    daemonSets = Informer(client: client, type: .daemonSet, logger: logger)
    pods = Informer(client: client, type: .pod, logger: logger)
    nodes = Informer(client: client, type: .node, logger: logger)
    services = Informer(client: client, type: .service, logger: logger)
    slices = Informer(
      client: client, type: .endpointSlice,
      labelSelector: "\(EndpointSlicePlan.managedByLabel)=\(EndpointSlicePlan.managedBy)", logger: logger)
  }

  /// Runs the informers and controllers until the task is cancelled.
  public func run() async {
    let informers = [deployments, daemonSets, pods, nodes, services, slices]
    await withTaskGroup(of: Void.self) { group in
      for informer in informers { group.addTask { await informer.run() } }
      for informer in informers { await informer.waitForSync() }
      group.addTask { await self.route(self.deployments) { self.deploymentKeys($0) } }
      group.addTask { await self.route(self.daemonSets) { self.daemonSetKeys($0) } }
      group.addTask { await self.route(self.pods) { self.podKeys($0) } }
      group.addTask { await self.route(self.nodes) { _ in self.allDaemonSetKeys() } }
      group.addTask { await self.route(self.services) { self.serviceKeys($0) } }
      group.addTask { await self.route(self.slices) { self.sliceKeys($0) } }
      group.addTask { await self.resync() }
      group.addTask { await self.work() }
      await withTaskCancellationHandler {
        await group.next()
      } onCancel: {
        self.queue.finish()
      }
      group.cancelAll()
    }
  }

  /// Feeds an informer's changes (old and new object) into the queue.
  private func route(_ informer: Informer, keys: @escaping @Sendable (KubeObject) -> [ReconcileKey]) async {
    for await event in informer.events() {
      if Task.isCancelled { return }
      switch event {
      case .added(let object), .deleted(let object): keys(object).forEach(queue.add)
      case .updated(let old, let new): Set(keys(old) + keys(new)).forEach(queue.add)
      case .synced: break
      }
    }
  }

  private func resync() async {
    while !Task.isCancelled {
      for object in deployments.list() { deploymentKeys(object).forEach(queue.add) }
      allDaemonSetKeys().forEach(queue.add)
      for object in services.list() { serviceKeys(object).forEach(queue.add) }
      try? await Task.sleep(for: resyncInterval)
    }
  }

  private func work() async {
    var failures: [ReconcileKey: Int] = [:]
    for await key in queue.keys() {
      if Task.isCancelled { return }
      do {
        switch key {
        case .deployment(let namespace, let name): try await reconcileDeployment(namespace: namespace, name: name)
        case .daemonSet(let namespace, let name): try await reconcileDaemonSet(namespace: namespace, name: name)
        case .service(let namespace, let name): try await reconcileService(namespace: namespace, name: name)
        }
        failures[key] = nil
      } catch {
        let count = (failures[key] ?? 0) + 1
        failures[key] = count
        let delay = Duration.milliseconds(min(10_000, 50 << min(count, 8)))
        logger.info(
          "reconcile failed, retrying", metadata: ["controller.key": "\(key)", "controller.error": "\(error)"])
        queue.add(key, after: delay)
      }
    }
  }

  // MARK: Keys

  func deploymentKeys(_ object: KubeObject) -> [ReconcileKey] {
    [.deployment(namespace: object.namespace, name: object.name)]
  }

  func daemonSetKeys(_ object: KubeObject) -> [ReconcileKey] {
    [.daemonSet(namespace: object.namespace, name: object.name)]
  }

  func allDaemonSetKeys() -> [ReconcileKey] { daemonSets.list().flatMap(daemonSetKeys) }

  func serviceKeys(_ object: KubeObject) -> [ReconcileKey] {
    [.service(namespace: object.namespace, name: object.name)]
  }

  func sliceKeys(_ object: KubeObject) -> [ReconcileKey] {
    guard let service = object.labels[EndpointSlice.serviceNameLabel] else { return [] }
    return [.service(namespace: object.namespace, name: service)]
  }

  /// A pod concerns its controller and the selector Services of its namespace that match it.
  func podKeys(_ object: KubeObject) -> [ReconcileKey] {
    var keys: [ReconcileKey] = []
    for owner in object.ownerReferences where owner.controller {
      switch owner.kind {
      case "Deployment": keys.append(.deployment(namespace: object.namespace, name: owner.name))
      case "DaemonSet": keys.append(.daemonSet(namespace: object.namespace, name: owner.name))
      default: break
      }
    }
    for service in services.list(namespace: object.namespace).map(KubeService.init) {
      guard let selector = service.selector, !selector.isEmpty,
        selector.allSatisfy({ object.labels[$0.key] == $0.value })
      else { continue }
      keys.append(.service(namespace: service.namespace, name: service.name))
    }
    return keys
  }
}
