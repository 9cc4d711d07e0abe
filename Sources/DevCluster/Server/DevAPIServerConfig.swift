/// Where and how the dev API server runs.
public struct DevAPIServerConfig: Sendable {
  public var host: String = "127.0.0.1"
  /// 0 picks a free port (`start()` returns the one bound).
  public var port: Int = 0
  /// Holds `pki/` (CA, serving certificate, admin token, service-account signing key), `data/`
  /// (the journal), and the kubeconfig written at `<stateDirectory>/kubeconfig`.
  public var stateDirectory: String
  /// Watch events kept for resuming watches; a watch from an older resourceVersion gets 410.
  public var eventHistory: Int = 100_000
  /// How often watches that allow bookmarks get one.
  public var bookmarkInterval: Duration = .seconds(10)
  /// Runs `kubectl exec` commands and serves `kubectl logs` for pods (the node runner). nil:
  /// exec and log answer 503 "no node runner: pods do not run in this dev cluster ...".
  public var processHost: (any PodProcessHost)?

  public init(
    stateDirectory: String, host: String = "127.0.0.1", port: Int = 0, eventHistory: Int = 100_000,
    bookmarkInterval: Duration = .seconds(10), processHost: (any PodProcessHost)? = nil
  ) {
    self.stateDirectory = stateDirectory
    self.host = host
    self.port = port
    self.eventHistory = eventHistory
    self.bookmarkInterval = bookmarkInterval
    self.processHost = processHost
  }
}
