import ArgumentParser
import MeshCtlKit

/// `meshctl analyze`: mistakes in the cluster's mesh configuration, each with its fix. Exits 1
/// when an error-level problem is found, so CI pipelines can gate on it.
struct AnalyzeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract: "Find mesh configuration mistakes (label typos, policies that select nothing, missing waypoints...).")

  @OptionGroup var kube: KubeOptions
  @OptionGroup var output: OutputOptions
  @Flag(name: [.customShort("A"), .long], help: "Analyze every namespace (the default unless -n is given).")
  var allNamespaces = false

  func run() async throws {
    let report = try await kube.withClient { client in
      let inventory = try await InventoryLoader(client: client, config: kube.meshConfig).load()
      let scope = allNamespaces ? nil : kube.namespace
      return AnalysisReport(findings: Analyzer.analyze(inventory, snapshot: inventory.translate(), namespace: scope))
    }
    print(output.output.render(report), terminator: "")
    if report.hasErrors { throw ExitCode(1) }
  }
}
