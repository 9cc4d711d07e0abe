import Foundation
import Kube
import Logging

/// Publishes the mesh trust bundle as ConfigMap `istio-ca-root-cert` (key `root-cert.pem`) in
/// every namespace, where workloads and proxies that are not given it over xDS find the roots
/// to trust (Istio's contract, wire-facts §4).
///
/// Called with the namespaces to cover, on start-up, on namespace events and after a root
/// rotation. It never throws: per-namespace failures are logged and returned, and a later pass
/// retries them. An up-to-date ConfigMap costs one GET.
public final class RootCertPublisher: Sendable {
  public let client: KubeClient
  private let logger: Logger
  private let conflictRetries = 3

  public init(client: KubeClient, logger: Logger = Logger(label: "mesh.controlplane.rootcert")) {
    self.client = client
    self.logger = logger
  }

  @discardableResult
  public func publish(trustBundlePEM: String, namespaces: [String]) async -> RootCertPublishSummary {
    var summary = RootCertPublishSummary()
    for namespace in Set(namespaces).sorted() {
      if Task.isCancelled { break }
      do throws(KubeAPIError) {
        switch try await publish(trustBundlePEM: trustBundlePEM, in: namespace) {
        case .unchanged: summary.unchanged.append(namespace)
        case .create: summary.created.append(namespace)
        case .update: summary.updated.append(namespace)
        }
      } catch {
        let message = "cannot publish ConfigMap \(namespace)/\(RootCertDecision.configMapName): \(error)"
        logger.warning("\(message)")
        summary.failed[namespace] = message
      }
    }
    return summary
  }

  /// One namespace; a create that lost a race or an update that hit a conflict decides again on a
  /// fresh read.
  private func publish(trustBundlePEM: String, in namespace: String) async throws(KubeAPIError) -> RootCertDecision {
    var attempt = 0
    while true {
      let existing: ConfigMap?
      do throws(KubeAPIError) {
        existing = try await client.get(ConfigMap.self, namespace: namespace, name: RootCertDecision.configMapName)
      } catch  where error.isNotFound {
        existing = nil
      }
      let decision = RootCertDecision.decide(existing: existing, namespace: namespace, trustBundlePEM: trustBundlePEM)
      do throws(KubeAPIError) {
        switch decision {
        case .unchanged: break
        case .create(let configMap): _ = try await client.create(configMap)
        case .update(let configMap): _ = try await client.update(configMap)
        }
        return decision
      } catch  where (error.isAlreadyExists || error.isConflict) && attempt < conflictRetries {
        attempt += 1
      }
    }
  }
}
