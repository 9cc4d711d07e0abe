/// Why an IP address, CIDR or host:port could not be read.
public struct AddressParseError: Error, Hashable, Sendable, CustomStringConvertible {
  public let input: String
  public let problem: String

  public init(input: String, problem: String) {
    self.input = input
    self.problem = problem
  }

  public var description: String { "invalid address \"\(input)\": \(problem)" }
}
