import ArgumentParser

/// `make bench-controlplane`: a Kubernetes change to every subscriber's ACK, end to end, with the
/// dev API server in one process, the control plane (informers, translation, xDS) in this one, and
/// 100 subscribers (`xds-bench clients --light`) in a third.
@main
struct ControlPlaneBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "controlplane-bench", subcommands: [Run.self, Translate.self], defaultSubcommand: Run.self)
}
