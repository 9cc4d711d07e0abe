/// One command that changes the kernel's network state, with the complaints that mean "already
/// done" so applying a plan twice converges instead of failing.
public struct NetworkStep: Sendable, Equatable, CustomStringConvertible {
  public var arguments: [String]
  /// stderr fragments that count as success (`File exists` when re-adding what is there).
  public var alreadyDone: [String]

  public init(_ arguments: [String], alreadyDone: [String] = []) {
    self.arguments = arguments
    self.alreadyDone = alreadyDone
  }

  /// `ip …` tolerating an existing object.
  static func create(_ arguments: [String]) -> NetworkStep {
    NetworkStep(["ip"] + arguments, alreadyDone: ["File exists", "already exists"])
  }

  /// `ip …` tolerating a missing object (teardown of something already gone).
  static func remove(_ arguments: [String]) -> NetworkStep {
    NetworkStep(
      ["ip"] + arguments,
      alreadyDone: ["No such file", "Cannot find device", "does not exist", "No such process", "Invalid argument"])
  }

  static func ip(_ arguments: [String]) -> NetworkStep { NetworkStep(["ip"] + arguments) }

  /// `sysctl -w key=1` inside a netns.
  static func enable(_ key: String, netns: String) -> NetworkStep {
    NetworkStep(["ip", "netns", "exec", netns, "sysctl", "-qw", "\(key)=1"])
  }

  public var description: String { arguments.joined(separator: " ") }
}
