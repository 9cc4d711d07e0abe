import Foundation

/// One entry of a `status.conditions` list (`metav1.Condition`, and the older per-kind condition
/// types of Pods, Nodes and Deployments, which share these members).
public struct Condition: JSONObjectConvertible {
  /// `Ready`, `Accepted`, `Programmed`, ...
  public var type: String
  /// `True`, `False` or `Unknown`.
  public var status: String
  /// A CamelCase machine-readable cause.
  public var reason: String?
  public var message: String?
  public var lastTransitionTime: Date?
  /// The `metadata.generation` the condition was computed from, so readers can tell a stale status.
  public var observedGeneration: Int64?
  /// Members not modelled here (`lastProbeTime`, `lastHeartbeatTime`, `lastUpdateTime`, ...).
  public var otherFields: [String: JSONValue]

  public static let statusTrue = "True"
  public static let statusFalse = "False"
  public static let statusUnknown = "Unknown"

  public init(
    type: String, status: String, reason: String? = nil, message: String? = nil,
    lastTransitionTime: Date? = nil, observedGeneration: Int64? = nil, otherFields: [String: JSONValue] = [:]
  ) {
    self.type = type
    self.status = status
    self.reason = reason
    self.message = message
    self.lastTransitionTime = lastTransitionTime
    self.observedGeneration = observedGeneration
    self.otherFields = otherFields
  }

  /// A condition whose status is `True` when `isTrue` holds, else `False`.
  public init(
    type: String, isTrue: Bool, reason: String? = nil, message: String? = nil, observedGeneration: Int64? = nil
  ) {
    self.init(
      type: type, status: isTrue ? Self.statusTrue : Self.statusFalse, reason: reason, message: message,
      observedGeneration: observedGeneration)
  }

  public var isTrue: Bool { status == Self.statusTrue }

  private static let modelled: Set<String> = [
    "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration",
  ]

  public init?(json: JSONValue) {
    guard let members = json.objectValue, let type = json.string("type") else { return nil }
    self.type = type
    self.status = json.string("status") ?? Self.statusUnknown
    self.reason = json.string("reason")
    self.message = json.string("message")
    self.lastTransitionTime = json.string("lastTransitionTime").flatMap(KubeTime.parse)
    self.observedGeneration = json["observedGeneration"]?.intValue
    self.otherFields = members.removingKeys(Self.modelled)
  }

  public var json: JSONValue {
    var members = otherFields
    members["type"] = .string(type)
    members["status"] = .string(status)
    members["reason"] = .text(reason)
    members["message"] = .text(message)
    members["lastTransitionTime"] = lastTransitionTime.map { .string(KubeTime.format($0)) }
    members["observedGeneration"] = observedGeneration.map(JSONValue.int)
    return .object(members)
  }
}

extension Condition {
  /// `conditions` with `condition` put in place of the entry of the same type (or appended).
  ///
  /// `lastTransitionTime` means when the status last *changed*: if the status is unchanged the
  /// existing time is kept (rewriting it on every reconcile would make every write a change and
  /// hide real transitions); if it changed, the new condition's time is used, or `now`. Members
  /// the old entry had that the new one does not model (`lastProbeTime`, ...) are kept.
  public static func upsert(_ condition: Condition, into conditions: [Condition], now: Date) -> [Condition] {
    var result = conditions
    guard let index = result.firstIndex(where: { $0.type == condition.type }) else {
      var added = condition
      added.lastTransitionTime = condition.lastTransitionTime ?? now
      result.append(added)
      return result
    }
    let existing = result[index]
    var merged = condition
    merged.otherFields = existing.otherFields.merging(condition.otherFields) { _, new in new }
    if existing.status == condition.status, let kept = existing.lastTransitionTime {
      merged.lastTransitionTime = kept
    } else {
      merged.lastTransitionTime = condition.lastTransitionTime ?? now
    }
    result[index] = merged
    return result
  }
}

extension Array where Element == Condition {
  /// The condition of `type`, if present.
  public func condition(_ type: String) -> Condition? { first { $0.type == type } }

  /// Whether the condition of `type` is present with status `True`.
  public func isTrue(_ type: String) -> Bool { condition(type)?.isTrue ?? false }
}
