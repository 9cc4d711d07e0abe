import Kube

/// A failed meshctl command, as one line that says what went wrong and what to do about it.
public struct MeshCtlError: Error, Sendable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }

  /// An API failure in user terms: an unreachable cluster and missing permissions get the fix,
  /// anything else the server's own message (which names the object).
  public static func api(_ error: KubeAPIError, doing what: String) -> MeshCtlError {
    switch error.code {
    case 0:
      MeshCtlError(
        "\(what): \(error.message); check that the cluster is running and --kubeconfig/--context point at it")
    case 401:
      MeshCtlError("\(what): the API server rejected the credentials (401); refresh the kubeconfig's token")
    case 403:
      MeshCtlError("\(what): forbidden: \(error.message)")
    default:
      MeshCtlError("\(what): \(error.message)")
    }
  }
}
