extension MeshAddress {
  public var wire: Istio_Workload_Address {
    .with {
      switch self {
      case .workload(let w): $0.workload = w.wire
      case .service(let s): $0.service = s.wire
      }
    }
  }

  public init(wire: Istio_Workload_Address, resourceName: String) throws(WireDecodingError) {
    switch wire.type {
    case .workload(let w): self = .workload(try Workload(wire: w))
    case .service(let s): self = .service(try Service(wire: s))
    case nil:
      throw WireDecodingError(resource: resourceName, field: "type", problem: "neither workload nor service is set")
    }
  }
}
