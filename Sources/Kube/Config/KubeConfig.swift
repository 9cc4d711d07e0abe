import Foundation

/// Where the API server is and how to reach it: built from a kubeconfig file or, inside a pod, from
/// the mounted service-account files, the way client-go does.
public struct KubeConfig: Sendable, Hashable {
  /// `https://host:port`, no trailing slash.
  public var server: String
  /// PEM bundle the server's certificate must chain to; nil uses the system roots.
  public var certificateAuthorityPEM: String?
  public var insecureSkipTLSVerify: Bool
  public var credentials: KubeCredentials
  /// The context's namespace (or the pod's own, in-cluster); "default" otherwise.
  public var namespace: String

  public init(
    server: String, certificateAuthorityPEM: String? = nil, insecureSkipTLSVerify: Bool = false,
    credentials: KubeCredentials = .none, namespace: String = "default"
  ) {
    self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
    self.certificateAuthorityPEM = certificateAuthorityPEM
    self.insecureSkipTLSVerify = insecureSkipTLSVerify
    self.credentials = credentials
    self.namespace = namespace
  }

  /// Files mounted into every pod with a service account.
  public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

  /// The usual search: an explicit path, then `$KUBECONFIG` (first entry), then `~/.kube/config`, then
  /// in-cluster. The error lists what was tried.
  public static func resolve(
    explicitPath: String? = nil, context: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(KubeConfigError) -> KubeConfig {
    if let explicitPath { return try fromKubeconfig(path: explicitPath, context: context) }
    var tried: [String] = []
    if let variable = environment["KUBECONFIG"], !variable.isEmpty {
      let first = String(variable.split(separator: ":").first ?? "")
      return try fromKubeconfig(path: first, context: context)
    }
    if let home = environment["HOME"] {
      let path = "\(home)/.kube/config"
      if FileManager.default.fileExists(atPath: path) { return try fromKubeconfig(path: path, context: context) }
      tried.append(path)
    }
    if environment["KUBERNETES_SERVICE_HOST"] != nil { return try inCluster(environment: environment) }
    tried.append("in-cluster (KUBERNETES_SERVICE_HOST is not set)")
    throw KubeConfigError(
      "no Kubernetes configuration found: tried \(tried.joined(separator: ", ")); pass --kubeconfig or set KUBECONFIG"
    )
  }

  /// In-cluster: `KUBERNETES_SERVICE_HOST`/`_PORT` and the service-account token, CA and namespace files.
  public static func inCluster(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    directory: String = serviceAccountDirectory
  ) throws(KubeConfigError) -> KubeConfig {
    guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
      throw KubeConfigError("not running in a cluster: KUBERNETES_SERVICE_HOST is not set")
    }
    let port = environment["KUBERNETES_SERVICE_PORT"] ?? "443"
    let tokenPath = "\(directory)/token"
    guard FileManager.default.isReadableFile(atPath: tokenPath) else {
      throw KubeConfigError("in-cluster: cannot read the service-account token at \(tokenPath)")
    }
    let caPath = "\(directory)/ca.crt"
    guard let ca = try? String(contentsOfFile: caPath, encoding: .utf8) else {
      throw KubeConfigError("in-cluster: cannot read the cluster CA at \(caPath)")
    }
    let namespace =
      (try? String(contentsOfFile: "\(directory)/namespace", encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines) ?? "default"
    let hostPart = host.contains(":") ? "[\(host)]" : host
    return KubeConfig(
      server: "https://\(hostPart):\(port)", certificateAuthorityPEM: ca, credentials: .tokenFile(tokenPath),
      namespace: namespace.isEmpty ? "default" : namespace)
  }

  public static func fromKubeconfig(path: String, context: String? = nil) throws(KubeConfigError) -> KubeConfig {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw KubeConfigError("cannot read kubeconfig \(path)")
    }
    let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
    return try KubeconfigDocument(text: text, source: path, baseDirectory: base).config(context: context)
  }
}
