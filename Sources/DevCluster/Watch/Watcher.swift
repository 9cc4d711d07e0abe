import Kube

/// One open watch: what it selects and where its events go.
struct Watcher: Sendable {
  let id: UInt64
  let filter: WatchFilter
  /// The version the watch was opened at: its bookmarks name this kind and apiVersion.
  let type: ResourceType
  let bookmarks: Bool
  let connection: WatchConnection
}
