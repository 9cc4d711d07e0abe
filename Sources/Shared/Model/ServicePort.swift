/// A service port and the port it reaches on the workload (0 = unresolved, e.g. a named
/// targetPort the workload does not declare; the data plane must then not guess).
public struct ServicePort: Hashable, Sendable {
  public var servicePort: UInt16
  public var targetPort: UInt16

  public init(servicePort: UInt16, targetPort: UInt16) {
    self.servicePort = servicePort
    self.targetPort = targetPort
  }
}
