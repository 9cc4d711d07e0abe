import Foundation

extension NetworkAddress {
  public var wire: Istio_Workload_NetworkAddress {
    .with {
      $0.network = network
      $0.address = Data(address.bytes)
    }
  }

  public init(wire: Istio_Workload_NetworkAddress, resource: String, field: String) throws(WireDecodingError) {
    self.init(network: wire.network, address: try IPAddress(wire: wire.address, resource: resource, field: field))
  }
}

extension IPAddress {
  /// Raw 4/16-byte form; anything else is rejected with the resource and field named.
  public init(wire: Data, resource: String, field: String) throws(WireDecodingError) {
    do {
      self = try IPAddress(bytes: wire)
    } catch {
      throw WireDecodingError(resource: resource, field: field, problem: error.problem)
    }
  }
}
