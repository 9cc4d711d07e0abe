import Shared

/// What an object's `istio.io/use-waypoint` labels ask for (wire-facts §6). Public so that
/// meshctl reads the labels exactly as translation does.
public enum WaypointChoice: Hashable, Sendable {
  /// No label: the next level (the Namespace) decides.
  case unset
  /// `none`: no waypoint, even if the Namespace names one.
  case optOut
  /// The Gateway `name` in `namespace` (`istio.io/use-waypoint-namespace`, else the object's own).
  case gateway(namespace: String, name: String)

  public init(labels: [String: String], ownNamespace: String) {
    guard let name = labels[MeshLabels.useWaypoint], !name.isEmpty else {
      self = .unset
      return
    }
    if name == "none" {
      self = .optOut
      return
    }
    let namespace = labels[MeshLabels.useWaypointNamespace].flatMap { $0.isEmpty ? nil : $0 } ?? ownNamespace
    self = .gateway(namespace: namespace, name: name)
  }

  /// The object's own choice, else the namespace's.
  public func orElse(_ fallback: WaypointChoice) -> WaypointChoice {
    self == .unset ? fallback : self
  }
}
