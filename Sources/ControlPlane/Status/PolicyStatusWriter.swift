import Foundation
import Kube
import Logging

/// Writes the `Accepted` condition of AuthorizationPolicies, PeerAuthentications,
/// RequestAuthentications and HTTPRoutes, so that `kubectl get -o yaml` tells a user whether the
/// mesh took their object and, if not, why.
///
/// Runs inside the control plane's loop: it never throws. Failures are logged and counted, and the
/// next pass (the next translation) tries again. An object whose condition already says the same
/// thing costs one GET and no write.
public final class PolicyStatusWriter: Sendable {
  public let client: KubeClient
  private let logger: Logger
  /// Patches retried after a conflict (the object changed since it was read).
  private let conflictRetries = 3

  public init(client: KubeClient, logger: Logger = Logger(label: "mesh.controlplane.status")) {
    self.client = client
    self.logger = logger
  }

  /// Brings the `Accepted` condition of every reported object up to date.
  @discardableResult
  public func write(_ reports: [StatusReport], now: Date = Date()) async -> PolicyStatusSummary {
    var summary = PolicyStatusSummary()
    for report in PolicyStatusDecision.consolidate(reports) {
      if Task.isCancelled { break }
      switch await write(report, now: now) {
      case .written: summary.written += 1
      case .unchanged: summary.unchanged += 1
      case .missing: summary.missing += 1
      case .failed: summary.failed += 1
      }
    }
    return summary
  }

  private enum Result { case written, unchanged, missing, failed }

  private func write(_ report: StatusReport, now: Date) async -> Result {
    guard let type = PolicyStatusDecision.resourceType(forKind: report.kind) else {
      let known = PolicyStatusDecision.supportedTypes.map(\.kind).joined(separator: ", ")
      logger.error("cannot write status of \(report.objectDescription): kind \(report.kind) is not one of \(known)")
      return .failed
    }
    var attempt = 0
    while true {
      do throws(KubeAPIError) {
        let current = try await client.get(type, namespace: report.namespace, name: report.name)
        guard case .write(let patch) = PolicyStatusDecision.decide(report, current: current, now: now) else {
          return .unchanged
        }
        _ = try await client.patch(type, namespace: report.namespace, name: report.name, patch: patch, status: true)
        logger.debug(
          "status written",
          metadata: [
            "object": "\(report.objectDescription)", "accepted": "\(report.accepted)", "reason": "\(report.reason)",
          ])
        return .written
      } catch  where error.isNotFound {
        return .missing
      } catch  where error.isConflict && attempt < conflictRetries {
        attempt += 1
      } catch {
        logger.warning("cannot write the Accepted condition of \(report.objectDescription): \(error)")
        return .failed
      }
    }
  }
}
