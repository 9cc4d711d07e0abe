import ArgumentParser
import Foundation
import Kube
import MeshCtlKit

/// What `install` and `manifest generate` accept.
struct InstallFlags: ParsableArguments {
  @Option(help: "ambient (2 control plane replicas) or minimal (1).") var profile: InstallOptions.Profile = .ambient
  @Option(help: "SPIFFE trust domain of the mesh.") var trustDomain = "cluster.local"
  @Option(help: "Image registry path replacing \(InstallOptions.defaultRegistry).") var registry: String?
  @Option(help: "Image tag (default: this meshctl's version).") var tag: String?
  @Option(help: "Control plane replicas (default: the profile's).") var replicas: Int?

  var options: InstallOptions {
    InstallOptions(profile: profile, trustDomain: trustDomain, registry: registry, tag: tag, replicas: replicas)
  }
}

extension InstallOptions.Profile: ExpressibleByArgument {}

/// `meshctl install`: applies the CRDs, the control plane and the ztunnel DaemonSet.
struct InstallCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "install", abstract: "Install (or upgrade) the mesh into the cluster.")
  @OptionGroup var kube: KubeOptions
  @OptionGroup var flags: InstallFlags
  @Flag(inversion: .prefixedNo, help: "Wait until the control plane and every ztunnel are ready.") var wait = true
  @Option(help: "Seconds to wait.") var timeout = 180

  func run() async throws {
    let objects = try ManifestRenderer.render(flags.options)
    try await kube.withClient { client in
      try await ManifestApplier(client: client) { print($0) }.apply(objects)
      guard wait else { return }
      print("waiting for the control plane and the ztunnels to be ready...")
      let deadline = ContinuousClock.now + .seconds(timeout)
      var readiness = InstallReadiness(controlPlane: nil, ztunnel: nil)
      var shown = ""
      while ContinuousClock.now < deadline {
        readiness = InstallReadiness(
          controlPlane: try? await client.get(.deployment, namespace: kube.rootNamespace, name: "istiod"),
          ztunnel: try? await client.get(.daemonSet, namespace: kube.rootNamespace, name: "ztunnel"))
        if readiness.ready { break }
        let waiting = readiness.waitingFor.joined(separator: ", ")
        if waiting != shown {
          print("  … \(waiting)")
          shown = waiting
        }
        try await Task.sleep(for: .seconds(1))
      }
      guard readiness.ready else {
        throw MeshCtlError(
          "the mesh is not ready after \(timeout) s (\(readiness.waitingFor.joined(separator: ", "))); "
            + "see kubectl -n \(kube.rootNamespace) get pods")
      }
      print("✔ the ambient mesh is installed: label a namespace istio.io/dataplane-mode=ambient to enroll it")
    }
  }
}

/// `meshctl uninstall`: removes what install applied; CRDs (and every policy, Gateway and route) only with --purge.
struct UninstallCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "uninstall", abstract: "Remove the mesh from the cluster.")
  @OptionGroup var kube: KubeOptions
  @Flag(help: "Also delete the CRDs, and with them every AuthorizationPolicy, Gateway and HTTPRoute.") var purge = false

  func run() async throws {
    let objects = try ManifestRenderer.render(InstallOptions())
    try await kube.withClient { client in
      try await ManifestApplier(client: client) { print($0) }.delete(objects, includeCRDs: purge)
    }
    print(
      "✔ the mesh is uninstalled\(purge ? " (CRDs purged)" : "; CRDs and your policies are kept (--purge removes them)")"
    )
  }
}

/// `meshctl manifest generate`: prints what install would apply.
struct ManifestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "manifest", abstract: "Print the install manifests.", subcommands: [Generate.self])

  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the manifests install would apply (kubectl apply -f - takes them).")
    @OptionGroup var flags: InstallFlags
    func run() throws { print(ManifestRenderer.yaml(try ManifestRenderer.render(flags.options)), terminator: "") }
  }
}
