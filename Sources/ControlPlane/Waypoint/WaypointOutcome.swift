/// What one `WaypointController.reconcile` did, for logs, metrics and tests.
public enum WaypointOutcome: Sendable, Hashable {
  /// Not a waypoint of this controller (another class), or being deleted: nothing read or written.
  case ignored(reason: String)
  /// The Gateway is invalid (bad `istio.io/waypoint-for`): no resources, status says why.
  case rejected(statusWritten: Bool)
  /// ServiceAccount, Deployment and Service applied; the status was patched only if it changed.
  case deployed(statusWritten: Bool)
}
