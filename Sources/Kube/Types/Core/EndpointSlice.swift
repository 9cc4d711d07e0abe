/// An EndpointSlice: the addresses currently behind a Service, which the control plane joins
/// with Pods to build the mesh's service endpoints.
public struct EndpointSlice: KubeResource {
  public static let resourceType = ResourceType.endpointSlice
  public var object: KubeObject

  /// The label tying a slice to its Service.
  public static let serviceNameLabel = "kubernetes.io/service-name"

  public init(_ object: KubeObject) { self.object = object }

  /// A new slice for `serviceName`, labelled as the EndpointSlice controller labels its slices.
  public init(namespace: String, name: String, serviceName: String, addressType: String = "IPv4") {
    self.init(namespace: namespace, name: name, labels: [Self.serviceNameLabel: serviceName])
    self.addressType = addressType
  }

  /// `IPv4`, `IPv6` or `FQDN`.
  public var addressType: String? {
    get { field("addressType")?.stringValue }
    set { setField(.text(newValue), "addressType") }
  }

  /// The `kubernetes.io/service-name` label; `nil` for a slice that belongs to no Service.
  public var serviceName: String? {
    get { labels[Self.serviceNameLabel] }
    set { labels[Self.serviceNameLabel] = newValue }
  }

  public var endpoints: [Endpoint] {
    get { object.json.list("endpoints") }
    // Written even when empty: `endpoints` is a required member of an EndpointSlice.
    set { object.json["endpoints"] = .array(newValue.map(\.json)) }
  }

  public var ports: [EndpointPort] {
    get { object.json.list("ports") }
    set { setField(.list(newValue), "ports") }
  }
}
