/// A Service: the stable name and virtual IP the mesh load-balances behind.
///
/// Not called `Service`: the mesh model (`Shared.Service`) and ServiceLifecycle (`Service`, the
/// protocol) already use that name, and the control plane imports them next to `Kube`.
public struct KubeService: KubeResource {
  public static let resourceType = ResourceType.service
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// `ClusterIP` (the default), `NodePort`, `LoadBalancer` or `ExternalName`.
  public var type: String {
    get { field("spec", "type")?.stringValue ?? "ClusterIP" }
    set { setField(.string(newValue), "spec", "type") }
  }

  /// The primary virtual IP, `None` for a headless Service, `nil` until allocated.
  public var clusterIP: String? {
    get { field("spec", "clusterIP")?.stringValue }
    set { setField(.text(newValue), "spec", "clusterIP") }
  }

  /// All virtual IPs (dual stack); `[clusterIP]` when the list is absent.
  public var clusterIPs: [String] {
    get {
      let listed = (field("spec", "clusterIPs")?.arrayValue ?? []).compactMap(\.stringValue)
      if !listed.isEmpty { return listed }
      return clusterIP.map { [$0] } ?? []
    }
    set { setField(.strings(newValue), "spec", "clusterIPs") }
  }

  /// `clusterIP: None`: DNS answers with the pod addresses, and there is no virtual IP to capture.
  public var isHeadless: Bool { clusterIP == "None" }

  public var ports: [ServicePortSpec] {
    get { (field("spec", "ports")?.arrayValue ?? []).compactMap { ServicePortSpec(json: $0) } }
    set { setField(.list(newValue), "spec", "ports") }
  }

  /// The pods behind the Service; `nil` (no selector at all) means endpoints are managed by hand,
  /// which is different from an empty selector.
  public var selector: [String: String]? {
    get { field("spec", "selector").map(\.stringMap) }
    set { setField(newValue.map(JSONValue.stringMap), "spec", "selector") }
  }

  /// The DNS name an `ExternalName` Service aliases.
  public var externalName: String? {
    get { field("spec", "externalName")?.stringValue }
    set { setField(.text(newValue), "spec", "externalName") }
  }

  /// `status.loadBalancer.ingress[].ip`: addresses a load balancer (or the waypoint controller)
  /// published.
  public var loadBalancerIngressIPs: [String] {
    get { (field("status", "loadBalancer", "ingress")?.arrayValue ?? []).compactMap { $0.string("ip") } }
    set {
      setField(
        newValue.isEmpty ? nil : .array(newValue.map { ["ip": .string($0)] }), "status", "loadBalancer", "ingress")
    }
  }
}
