extension ServicePort {
  public var wire: Istio_Workload_Port {
    .with {
      $0.servicePort = UInt32(servicePort)
      $0.targetPort = UInt32(targetPort)
    }
  }

  public init(wire: Istio_Workload_Port, resource: String, field: String) throws(WireDecodingError) {
    self.init(
      servicePort: try Port16.decode(wire.servicePort, resource: resource, field: "\(field).service_port"),
      targetPort: try Port16.decode(wire.targetPort, resource: resource, field: "\(field).target_port"))
  }
}
