import Kube

/// What the control plane says about one `parentRefs` entry of an HTTPRoute: Gateway API wants
/// route status per parent (`status.parents[]`), with `Accepted` (did the route attach?) and
/// `ResolvedRefs` (do its backends exist?) conditions.
public struct RouteParentVerdict: Sendable, Hashable {
  public var parentRef: ParentReference
  public var accepted: Bool
  public var acceptedReason: String
  public var acceptedMessage: String
  public var resolvedRefs: Bool
  public var resolvedRefsReason: String
  public var resolvedRefsMessage: String

  public init(
    parentRef: ParentReference, accepted: Bool, acceptedReason: String, acceptedMessage: String, resolvedRefs: Bool,
    resolvedRefsReason: String, resolvedRefsMessage: String
  ) {
    self.parentRef = parentRef
    self.accepted = accepted
    self.acceptedReason = acceptedReason
    self.acceptedMessage = acceptedMessage
    self.resolvedRefs = resolvedRefs
    self.resolvedRefsReason = resolvedRefsReason
    self.resolvedRefsMessage = resolvedRefsMessage
  }

  /// Gateway API condition reasons the control plane uses.
  public enum Reason {
    public static let accepted = "Accepted"
    public static let resolvedRefs = "ResolvedRefs"
    public static let noMatchingParent = "NoMatchingParent"
    public static let notAllowedByListeners = "NotAllowedByListeners"
    public static let unsupportedValue = "UnsupportedValue"
    public static let backendNotFound = "BackendNotFound"
    public static let invalidKind = "InvalidKind"
    public static let refNotPermitted = "RefNotPermitted"
  }
}
