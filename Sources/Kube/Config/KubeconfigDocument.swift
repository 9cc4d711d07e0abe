import Foundation

/// A parsed kubeconfig file: clusters, users and contexts, resolved into a `KubeConfig`.
struct KubeconfigDocument {
  let document: JSONValue
  let source: String
  let baseDirectory: String

  init(text: String, source: String, baseDirectory: String) throws(KubeConfigError) {
    do {
      document = try YAMLDocuments.parseOne(text)
    } catch {
      throw KubeConfigError("kubeconfig \(source) is not valid YAML: \(error)")
    }
    self.source = source
    self.baseDirectory = baseDirectory
  }

  func config(context requested: String?) throws(KubeConfigError) -> KubeConfig {
    guard let contextName = requested ?? document["current-context"]?.stringValue, !contextName.isEmpty else {
      throw KubeConfigError("kubeconfig \(source) has no current-context; pass a context name")
    }
    guard let context = named("contexts", contextName)?["context"] else {
      throw KubeConfigError("kubeconfig \(source): context \"\(contextName)\" not found")
    }
    let clusterName = context["cluster"]?.stringValue ?? ""
    guard let cluster = named("clusters", clusterName)?["cluster"] else {
      throw KubeConfigError("kubeconfig \(source): cluster \"\(clusterName)\" of context \"\(contextName)\" not found")
    }
    guard let server = cluster["server"]?.stringValue, !server.isEmpty else {
      throw KubeConfigError("kubeconfig \(source): cluster \"\(clusterName)\" has no server")
    }
    let ca = try material(cluster, data: "certificate-authority-data", file: "certificate-authority")
    var credentials = KubeCredentials.none
    if let userName = context["user"]?.stringValue, !userName.isEmpty {
      guard let user = named("users", userName)?["user"] else {
        throw KubeConfigError("kubeconfig \(source): user \"\(userName)\" of context \"\(contextName)\" not found")
      }
      credentials = try self.credentials(user, name: userName)
    }
    return KubeConfig(
      server: server, certificateAuthorityPEM: ca,
      insecureSkipTLSVerify: cluster["insecure-skip-tls-verify"]?.boolValue ?? false, credentials: credentials,
      namespace: context["namespace"]?.stringValue ?? "default")
  }

  private func credentials(_ user: JSONValue, name: String) throws(KubeConfigError) -> KubeCredentials {
    if let token = user["token"]?.stringValue, !token.isEmpty { return .token(token) }
    if let file = user["tokenFile"]?.stringValue, !file.isEmpty { return .tokenFile(resolve(file)) }
    let certificate = try material(user, data: "client-certificate-data", file: "client-certificate")
    let key = try material(user, data: "client-key-data", file: "client-key")
    switch (certificate, key) {
    case (let certificate?, let key?): return .clientCertificate(certificatePEM: certificate, keyPEM: key)
    case (nil, nil): break
    default:
      throw KubeConfigError("kubeconfig \(source): user \"\(name)\" needs both a client certificate and a key")
    }
    if user["exec"] != nil || user["auth-provider"] != nil {
      throw KubeConfigError(
        "kubeconfig \(source): user \"\(name)\" uses an exec/auth-provider plugin, which is not supported; use a token or client certificate"
      )
    }
    return .none
  }

  /// Inline base64 data or a file path (relative to the kubeconfig), as PEM text.
  private func material(_ section: JSONValue, data: String, file: String) throws(KubeConfigError) -> String? {
    if let encoded = section[data]?.stringValue, !encoded.isEmpty {
      guard let bytes = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters),
        let text = String(data: bytes, encoding: .utf8)
      else { throw KubeConfigError("kubeconfig \(source): \(data) is not base64-encoded PEM") }
      return text
    }
    if let path = section[file]?.stringValue, !path.isEmpty {
      let resolved = resolve(path)
      guard let text = try? String(contentsOfFile: resolved, encoding: .utf8) else {
        throw KubeConfigError("kubeconfig \(source): cannot read \(file) \(resolved)")
      }
      return text
    }
    return nil
  }

  private func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : "\(baseDirectory)/\(path)" }

  private func named(_ list: String, _ name: String) -> JSONValue? {
    document[list]?.arrayValue?.first { $0["name"]?.stringValue == name }
  }
}
