import ArgumentParser
import CA
import Foundation
import Shared

/// The operator CLI (istioctl's counterpart). Commands arrive with the parts they operate.
@main
struct MeshCtl: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "meshctl", abstract: "Operate and debug the ambient mesh.", version: MeshVersion.current,
    subcommands: [Version.self, CACommand.self, XDSCommand.self, DevCommand.self])

  struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the client version.")
    func run() { print("meshctl \(MeshVersion.current)") }
  }
}
