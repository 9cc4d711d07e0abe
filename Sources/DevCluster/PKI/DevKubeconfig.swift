import Foundation

/// Renders and writes the kubeconfig kubectl uses for the dev cluster.
public enum DevKubeconfig {
  /// The name of the cluster and of the user entry.
  public static let entryName = "mesh-dev"
  public static let contextName = "dev"

  /// YAML with one cluster (server URL, certificate-authority-data base64), one user (token), one
  /// context `dev` (current-context dev, cluster/user named `mesh-dev`). Values are double-quoted
  /// YAML scalars so that no URL or token can change the document's structure.
  public static func render(serverURL: String, caCertificatePEM: String, token: String) -> String {
    let caData = Data(caCertificatePEM.utf8).base64EncodedString()
    return """
      apiVersion: v1
      kind: Config
      clusters:
      - name: \(entryName)
        cluster:
          server: \(quoted(serverURL))
          certificate-authority-data: \(caData)
      users:
      - name: \(entryName)
        user:
          token: \(quoted(token))
      contexts:
      - name: \(contextName)
        context:
          cluster: \(entryName)
          user: \(entryName)
      current-context: \(contextName)
      preferences: {}

      """
  }

  /// Writes it atomically with mode 0600 (it holds a cluster-admin token), creating parent
  /// directories (0700) when missing.
  public static func write(_ text: String, to path: String) throws(DevPKIError) {
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    try SecureFile.ensureDirectory(parent)
    try SecureFile.write(text, to: path, mode: 0o600)
  }

  /// A YAML double-quoted scalar: backslash and quote escaped, control characters as `\uXXXX`.
  static func quoted(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
