/// Why a wire resource could not be turned into the mesh model. It names the resource and the
/// field so that an xDS NACK tells the operator exactly what to fix; the resource is then not
/// applied (security fails closed: a policy we cannot read is never half-applied).
public struct WireDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
  public let resource: String
  public let field: String
  public let problem: String

  public init(resource: String, field: String, problem: String) {
    self.resource = resource
    self.field = field
    self.problem = problem
  }

  public var description: String { "\(resource): field \(field): \(problem)" }
}
