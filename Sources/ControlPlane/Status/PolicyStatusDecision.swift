import Foundation
import Kube

/// Whether and how to write an object's `Accepted` condition: pure, so that "never rewrite an
/// unchanged condition" is decided (and tested) apart from the I/O.
public enum PolicyStatusDecision: Sendable, Hashable {
  /// The condition already says the same thing (status, reason, message, generation).
  case unchanged
  /// The merge patch to send to the object's `/status`.
  case write(patch: JSONValue)

  public static let conditionType = "Accepted"

  /// The kinds whose status the writer maintains.
  public static let supportedTypes: [ResourceType] = [
    .authorizationPolicy, .peerAuthentication, .requestAuthentication, .httpRoute, .virtualService,
  ]

  /// The resource type of `kind` among `supportedTypes`.
  public static func resourceType(forKind kind: String) -> ResourceType? {
    supportedTypes.first { $0.kind == kind }
  }

  /// Decides for `report` against the object as read. The condition's `lastTransitionTime` is kept
  /// when its status did not change; other conditions are kept as they are. The patch carries the
  /// object's resourceVersion because it replaces the whole condition list: a write based on a
  /// stale read must fail with a conflict instead of dropping someone else's condition.
  public static func decide(_ report: StatusReport, current: KubeObject, now: Date) -> PolicyStatusDecision {
    if report.kind == ResourceType.httpRoute.kind {
      return RouteStatusDecision.decide(report, current: current, now: now)
    }
    let existing = conditions(of: current)
    let wanted = Condition(
      type: conditionType, isTrue: report.accepted, reason: report.reason, message: report.message,
      observedGeneration: current.generation)
    if let old = existing.condition(conditionType), old.status == wanted.status, old.reason == wanted.reason,
      old.message == wanted.message, old.observedGeneration == wanted.observedGeneration
    {
      return .unchanged
    }
    let merged = Condition.upsert(wanted, into: existing, now: now)
    var patch: JSONValue = ["status": ["conditions": .array(merged.map(\.json))]]
    if !current.resourceVersion.isEmpty {
      patch["metadata"] = ["resourceVersion": .string(current.resourceVersion)]
    }
    return .write(patch: patch)
  }

  /// `status.conditions` of any object, entries without a type skipped.
  public static func conditions(of object: KubeObject) -> [Condition] {
    (object.status?["conditions"]?.arrayValue ?? []).compactMap { Condition(json: $0) }
  }

  /// One report per object: the translator may report several problems for one object, and
  /// writing them one after another would flap the condition. A rejection wins over acceptance;
  /// the messages of several rejections are joined in the order given.
  public static func consolidate(_ reports: [StatusReport]) -> [StatusReport] {
    var order: [String] = []
    var byObject: [String: StatusReport] = [:]
    for report in reports {
      let key = "\(report.kind)/\(report.namespace)/\(report.name)"
      guard var kept = byObject[key] else {
        order.append(key)
        byObject[key] = report
        continue
      }
      if kept.accepted && !report.accepted {
        kept = report
      } else if !kept.accepted && !report.accepted && kept.message != report.message {
        kept.message += "; " + report.message
      }
      byObject[key] = kept
    }
    return order.compactMap { byObject[$0] }
  }
}
