extension GatewayAddress {
  public var wire: Istio_Workload_GatewayAddress {
    .with {
      switch destination {
      case .hostname(let h):
        $0.hostname = .with {
          $0.namespace = h.namespace
          $0.hostname = h.hostname
        }
      case .address(let a): $0.address = a.wire
      }
      $0.hboneMtlsPort = UInt32(hboneMTLSPort)
    }
  }

  public init(wire: Istio_Workload_GatewayAddress, resource: String, field: String) throws(WireDecodingError) {
    let destination: Destination
    switch wire.destination {
    case .hostname(let h):
      destination = .hostname(NamespacedHostname(namespace: h.namespace, hostname: h.hostname))
    case .address(let a):
      destination = .address(try NetworkAddress(wire: a, resource: resource, field: "\(field).address"))
    case nil:
      throw WireDecodingError(resource: resource, field: field, problem: "neither hostname nor address is set")
    }
    let port = try Port16.decode(wire.hboneMtlsPort, resource: resource, field: "\(field).hbone_mtls_port")
    self.init(destination: destination, hboneMTLSPort: port == 0 ? MeshPorts.hbone : port)
  }
}
