/// The `type` of a watch event line.
enum WatchEventType: String, Sendable, Hashable {
  case added = "ADDED"
  case modified = "MODIFIED"
  case deleted = "DELETED"
  case bookmark = "BOOKMARK"
  case error = "ERROR"
}
