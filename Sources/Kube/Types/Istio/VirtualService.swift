/// An Istio VirtualService (`networking.istio.io`). The mesh routes with Gateway API HTTPRoutes;
/// from VirtualServices it takes what HTTPRoute cannot say: retries, fault injection and timeouts
/// for the hosts listed, applied at the waypoint of the Service those hosts name.
public struct VirtualService: KubeResource {
  public static let resourceType = ResourceType.virtualService
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// `spec.hosts`: short names (`reviews`), `name.namespace`, FQDNs, or wildcards.
  public var hosts: [String] {
    get { field("spec").map { $0.strings("hosts") } ?? [] }
    set { setField(.strings(newValue), "spec", "hosts") }
  }

  /// `spec.gateways`; empty (or `mesh`) means the VirtualService applies to mesh traffic.
  public var gateways: [String] {
    get { field("spec").map { $0.strings("gateways") } ?? [] }
    set { setField(.strings(newValue), "spec", "gateways") }
  }

  /// `spec.http`, in order (the first matching entry wins, as in Istio). Non-objects are skipped.
  public var http: [VirtualServiceHTTPRoute] {
    get { field("spec").map { $0.list("http") } ?? [] }
    set { setField(.list(newValue), "spec", "http") }
  }
}
