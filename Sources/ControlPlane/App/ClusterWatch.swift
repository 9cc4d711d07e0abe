import Kube
import Logging

/// The informers the control plane runs, one per kind it reads, and the snapshot translation takes
/// from their caches.
public final class ClusterWatch: Sendable {
  public let namespaces: Informer
  public let pods: Informer
  public let services: Informer
  public let endpointSlices: Informer
  public let gateways: Informer
  public let gatewayClasses: Informer
  public let httpRoutes: Informer
  public let authorizationPolicies: Informer
  public let peerAuthentications: Informer
  public let requestAuthentications: Informer
  public let virtualServices: Informer

  public init(client: KubeClient, logger: Logger = Logger(label: "mesh.controlplane.watch")) {
    func informer(_ type: ResourceType) -> Informer { Informer(client: client, type: type, logger: logger) }
    namespaces = informer(.namespace)
    pods = informer(.pod)
    services = informer(.service)
    endpointSlices = informer(.endpointSlice)
    gateways = informer(.gateway)
    gatewayClasses = informer(.gatewayClass)
    httpRoutes = informer(.httpRoute)
    authorizationPolicies = informer(.authorizationPolicy)
    peerAuthentications = informer(.peerAuthentication)
    requestAuthentications = informer(.requestAuthentication)
    virtualServices = informer(.virtualService)
  }

  public var all: [Informer] {
    [
      namespaces, pods, services, endpointSlices, gateways, gatewayClasses, httpRoutes, authorizationPolicies,
      peerAuthentications, requestAuthentications, virtualServices,
    ]
  }

  /// Runs every informer until cancelled.
  public func run() async {
    await withTaskGroup(of: Void.self) { group in
      for informer in all { group.addTask { await informer.run() } }
    }
  }

  /// Suspends until every informer has its first list. Policies must be known before anything is
  /// pushed: a snapshot of workloads without their policies would open traffic for a moment.
  public func waitForSync() async {
    for informer in all { await informer.waitForSync() }
  }

  /// One element per change in `informers` (default: all), coalesced: a consumer that is busy sees
  /// at most one pending "something changed", however many events arrived meanwhile. `poke()`
  /// adds one by hand (initial pass, periodic resync).
  public func changes(of informers: [Informer]? = nil) -> ChangeFeed {
    let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let feeders = (informers ?? all).map { informer in
      Task {
        for await event in informer.events() {
          if case .synced = event { continue }
          continuation.yield()
        }
      }
    }
    return ChangeFeed(stream: stream, continuation: continuation, feeders: feeders)
  }

  /// The current cluster state, as typed views, for translation.
  public func snapshot() -> ClusterSnapshot {
    var snapshot = ClusterSnapshot()
    for object in namespaces.list() {
      let namespace = Namespace(object)
      snapshot.namespaces[namespace.name] = namespace
    }
    snapshot.pods = pods.list().map(Pod.init)
    snapshot.services = services.list().map(KubeService.init)
    snapshot.endpointSlices = endpointSlices.list().map(EndpointSlice.init)
    snapshot.gateways = gateways.list().map(Gateway.init)
    snapshot.authorizationPolicies = authorizationPolicies.list().map(KubeAuthorizationPolicy.init)
    snapshot.peerAuthentications = peerAuthentications.list().map(PeerAuthentication.init)
    snapshot.httpRoutes = httpRoutes.list().map(HTTPRoute.init)
    snapshot.requestAuthentications = requestAuthentications.list().map(RequestAuthentication.init)
    snapshot.virtualServices = virtualServices.list().map(VirtualService.init)
    return snapshot
  }
}
