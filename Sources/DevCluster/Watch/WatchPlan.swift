import Kube
import NIOCore

/// A watch the API layer has accepted, for the connection to open: what it selects, where it
/// starts, its options, and how each event is rendered when not as the shared line (tables for
/// `kubectl get -w`, another served version of a custom resource).
struct WatchPlan: Sendable {
  var filter: WatchFilter
  var type: ResourceType
  var start: ClusterState.WatchStart
  var bookmarks: Bool
  /// `timeoutSeconds`: the server ends the watch cleanly after this.
  var timeout: Duration?
  var contentType: String
  var render: (@Sendable (WatchMessage) -> ByteBuffer)?
}
