import ArgumentParser
import CA
import Foundation
import Shared

/// The operator CLI (istioctl's counterpart). Commands arrive with the parts they operate.
@main
struct MeshCtl: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "meshctl", abstract: "Operate and debug the ambient mesh.", version: MeshVersion.current,
    subcommands: [
      InstallCommand.self, UninstallCommand.self, ManifestCommand.self, WaypointCommand.self,
      ProxyConfigCommand.self, DescribeCommand.self, AnalyzeCommand.self, VersionCommand.self, CACommand.self,
      XDSCommand.self, DevCommand.self,
    ])
}
