/// Why a string is not a valid mesh identity, naming the input and the rule it breaks.
public struct SpiffeIdentityError: Error, Hashable, Sendable, CustomStringConvertible {
  public let input: String
  public let problem: String

  public init(input: String, problem: String) {
    self.input = input
    self.problem = problem
  }

  public var description: String { "invalid SPIFFE identity \"\(input)\": \(problem)" }
}
