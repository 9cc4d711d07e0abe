/// Where CA key material lives: a directory now, a Kubernetes Secret (`istio-ca-secret` or
/// `cacerts`) with the Kubernetes client. `load` returns nil when nothing is stored yet.
public protocol CAStore: Sendable {
  /// A human-readable location for error messages, e.g. a path or `secret istio-system/cacerts`.
  var location: String { get }
  func load() throws(CAError) -> StoredCA?
  func save(_ ca: StoredCA) throws(CAError)
}
