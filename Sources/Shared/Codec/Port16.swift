/// Wire ports are uint32; the model uses UInt16 and refuses values that cannot be ports.
enum Port16 {
  static func decode(_ value: UInt32, resource: String, field: String) throws(WireDecodingError) -> UInt16 {
    guard let port = UInt16(exactly: value) else {
      throw WireDecodingError(resource: resource, field: field, problem: "\(value) is not a port (0-65535)")
    }
    return port
  }
}
