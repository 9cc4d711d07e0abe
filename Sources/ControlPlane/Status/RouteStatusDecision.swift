import Foundation
import Kube
import Shared

/// HTTPRoute status as Gateway API defines it: per parent, in `status.parents[]`, an entry owned
/// by this controller with `Accepted` and `ResolvedRefs` (not `status.conditions`, which routes do
/// not have). Entries of other controllers are left alone; ours for parents the route no longer
/// names are removed.
public enum RouteStatusDecision {
  public static let controllerName = MeshLabels.waypointController

  public static func decide(_ report: StatusReport, current: KubeObject, now: Date) -> PolicyStatusDecision {
    var route = HTTPRoute(current)
    let before = route.statusParents
    let generation = current.generation
    let verdicts = report.routeParents.isEmpty ? fallbackVerdicts(report, route: route) : report.routeParents
    for verdict in verdicts {
      route.setParentCondition(
        Condition(
          type: "Accepted", isTrue: verdict.accepted, reason: verdict.acceptedReason,
          message: verdict.acceptedMessage, observedGeneration: generation),
        parentRef: verdict.parentRef, controllerName: controllerName, now: now)
      route.setParentCondition(
        Condition(
          type: "ResolvedRefs", isTrue: verdict.resolvedRefs, reason: verdict.resolvedRefsReason,
          message: verdict.resolvedRefsMessage, observedGeneration: generation),
        parentRef: verdict.parentRef, controllerName: controllerName, now: now)
    }
    let namespace = current.namespace
    route.statusParents = route.statusParents.filter { entry in
      entry.controllerName != controllerName
        || verdicts.contains {
          $0.parentRef.refersToSameParent(as: entry.parentRef, routeNamespace: namespace)
        }
    }
    // Earlier versions of this controller wrote `status.conditions`; it does not belong on a route.
    let strayConditions = current.status?["conditions"] != nil
    guard route.statusParents != before || strayConditions else { return .unchanged }
    var status: JSONValue = ["parents": .array(route.statusParents.map(\.json))]
    if strayConditions { status["conditions"] = .null }
    var patch: JSONValue = ["status": status]
    if !current.resourceVersion.isEmpty {
      patch["metadata"] = ["resourceVersion": .string(current.resourceVersion)]
    }
    return .write(patch: patch)
  }

  /// A report without per-parent verdicts applies to every mesh (Service) parent of the route.
  static func fallbackVerdicts(_ report: StatusReport, route: HTTPRoute) -> [RouteParentVerdict] {
    let backendReasons: Set<String> = [
      RouteParentVerdict.Reason.backendNotFound, RouteParentVerdict.Reason.invalidKind,
      RouteParentVerdict.Reason.refNotPermitted,
    ]
    let backendProblem = !report.accepted && backendReasons.contains(report.reason)
    return route.parentRefs.filter { $0.kind == "Service" }.map { parent in
      RouteParentVerdict(
        parentRef: parent, accepted: report.accepted || backendProblem,
        acceptedReason: report.accepted || backendProblem ? RouteParentVerdict.Reason.accepted : report.reason,
        acceptedMessage: backendProblem ? "attached" : report.message, resolvedRefs: !backendProblem,
        resolvedRefsReason: backendProblem ? report.reason : RouteParentVerdict.Reason.resolvedRefs,
        resolvedRefsMessage: backendProblem ? report.message : "all backendRefs resolved")
    }
  }
}
