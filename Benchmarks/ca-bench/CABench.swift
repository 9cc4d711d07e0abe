import ArgumentParser
import CA
import Crypto
import Foundation
import Shared

@main
struct CABench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "ca-bench")
  func run() async throws {}
}
