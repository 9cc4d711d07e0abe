import Logging
import Shared
import Synchronization
import XDS

/// Keeps the xDS cache equal to the translation of the cluster: after the informers' first lists,
/// and again after every change (coalesced while a translation runs).
///
/// The cache compares content hashes, so a republish that changes one pod pushes one resource.
public final class MeshPublisher: Sendable {
  private let watch: ClusterWatch
  private let cache: ResourceCache
  private let config: MeshConfig
  private let logger: Logger
  private let onDiagnostics: @Sendable ([ObjectDiagnostic]) async -> Void
  private let state = Mutex(MeshPublisherStats())
  private let lastSnapshot = Mutex<MeshSnapshot?>(nil)
  private let encoded = Mutex(EncodedResources())
  private let memo = TranslationMemo()
  /// Key sets for RequestAuthentications' `jwksUri`s; a change republishes.
  public let jwks: JWKSCache

  /// Last publish's encodings, by resource name, with the value they encode.
  struct EncodedResources: Sendable {
    var workloads: [String: (Workload, XDSResource)] = [:]
    var services: [String: (Service, XDSResource)] = [:]
  }

  public init(
    watch: ClusterWatch, cache: ResourceCache, config: MeshConfig,
    logger: Logger = Logger(label: "mesh.controlplane.publisher"),
    onDiagnostics: @escaping @Sendable ([ObjectDiagnostic]) async -> Void = { _ in },
    jwks: JWKSCache = JWKSCache()
  ) {
    self.jwks = jwks
    self.watch = watch
    self.cache = cache
    self.config = config
    self.logger = logger
    self.onDiagnostics = onDiagnostics
  }

  public var stats: MeshPublisherStats { state.withLock { $0 } }

  /// The last translation (for the admin config dump).
  public var snapshot: MeshSnapshot? { lastSnapshot.withLock { $0 } }

  /// Publishes after the first sync and on every change until cancelled.
  public func run() async {
    let changes = watch.changes()
    defer { changes.stop() }
    jwks.onChange { changes.poke() }
    defer { jwks.stop() }
    await watch.waitForSync()
    guard !Task.isCancelled else { return }
    await publish()
    for await _ in changes.stream {
      await publish()
    }
  }

  /// One translation of the current caches into the xDS cache.
  public func publish() async {
    let clock = ContinuousClock()
    let start = clock.now
    var cluster = watch.snapshot()
    cluster.jwks = jwks.snapshot()
    let mesh = MeshTranslator.translate(cluster, config: config, memo: memo)
    jwks.want(mesh.jwksURIs)
    // Only what changed goes to the cache: a workload equal to last publish's keeps its bytes and
    // is not handed over again (re-wrapping and re-hashing 10,000 unchanged resources per change
    // would cost more than the change). This publisher is the only writer of these types.
    let previous = encoded.withLock { $0 }
    var next = EncodedResources()
    var upserts: [XDSResource] = []
    var failures = 0
    for workload in mesh.workloads {
      if let (old, resource) = previous.workloads[workload.uid], old == workload {
        next.workloads[workload.uid] = (workload, resource)
      } else if let resource = try? XDSResource.workload(workload) {
        next.workloads[workload.uid] = (workload, resource)
        upserts.append(resource)
      } else {
        failures += 1
      }
    }
    for service in mesh.services {
      if let (old, resource) = previous.services[service.resourceName], old == service {
        next.services[service.resourceName] = (service, resource)
      } else if let resource = try? XDSResource.service(service) {
        next.services[service.resourceName] = (service, resource)
        upserts.append(resource)
      } else {
        failures += 1
      }
    }
    var removals = previous.workloads.keys.filter { next.workloads[$0] == nil }
    removals += previous.services.keys.filter { next.services[$0] == nil }
    var policies: [XDSResource] = []
    for policy in mesh.policies {
      if let resource = try? XDSResource.policy(policy) { policies.append(resource) } else { failures += 1 }
    }
    var waypointServices: [XDSResource] = []
    for service in mesh.waypointServices {
      if let resource = try? XDSResource.waypointService(service) {
        waypointServices.append(resource)
      } else {
        failures += 1
      }
    }
    encoded.withLock { $0 = next }
    let changedAddresses = cache.update(typeURL: XDSTypeURL.address, upserts: upserts, removals: removals)
    let changedPolicies = cache.replace(typeURL: XDSTypeURL.authorization, with: policies)
    let changedWaypoints = cache.replace(typeURL: XDSTypeURL.waypointService, with: waypointServices)
    let elapsed = clock.now - start
    lastSnapshot.withLock { $0 = mesh }
    state.withLock { stats in
      stats.publishes += 1
      stats.workloads = mesh.workloads.count
      stats.services = mesh.services.count
      stats.policies = mesh.policies.count
      stats.lastPublishDuration = elapsed
      stats.lastChanged = changedAddresses.changed + changedPolicies.changed + changedWaypoints.changed
      stats.encodingFailures += failures
    }
    if failures > 0 { logger.error("resources could not be encoded", metadata: ["count": "\(failures)"]) }
    logger.debug(
      "published",
      metadata: [
        "workloads": "\(mesh.workloads.count)", "services": "\(mesh.services.count)",
        "policies": "\(mesh.policies.count)", "elapsed": "\(elapsed)",
      ])
    await onDiagnostics(mesh.diagnostics)
  }
}
