import Logging
import Shared
import SwiftProtobuf
import XDS

/// Feeds `istio.security.Authorization` pushes into the store. A policy that cannot be fully
/// read is rejected whole (never half-enforced) and the rest of the push applies.
public struct AuthorizationHandler: XDSTypeHandler {
  public static let typeURL = XDSTypeURL.authorization

  let store: WorkloadStore
  let logger: Logger

  public init(store: WorkloadStore, logger: Logger = Logger(label: "ztunnel.xds.authorization")) {
    self.store = store
    self.logger = logger
  }

  public func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
    let (update, rejected) = Self.decode(upserts: upserts, removals: removals)
    let change = store.apply(update)
    for (name, reason) in rejected.sorted(by: { $0.key < $1.key }) {
      logger.warning("rejected policy", metadata: ["xds.resource": "\(name)", "xds.reason": "\(reason)"])
    }
    logger.debug(
      "applied authorization push",
      metadata: [
        "xds.version": "\(change.version)", "xds.policies": "\(update.policies.count)",
        "xds.removed": "\(removals.count)",
      ])
    return rejected
  }

  /// Pure: the update to apply and the rejected names with reasons.
  static func decode(upserts: [ReceivedResource], removals: [String]) -> (WorkloadStoreUpdate, [String: String]) {
    var update = WorkloadStoreUpdate(removedPolicies: removals)
    var rejected: [String: String] = [:]
    for resource in upserts {
      do {
        let wire = try Istio_Security_Authorization(serializedBytes: resource.payload)
        let policy = try AuthorizationPolicy(wire: wire)
        guard policy.key == resource.name else {
          rejected[resource.name] = "policy \"\(policy.key)\" differs from the resource name"
          continue
        }
        update.policies.append(policy)
      } catch let error as WireDecodingError {
        rejected[resource.name] = error.description
      } catch {
        rejected[resource.name] = "payload is not an istio.security.Authorization: \(error)"
      }
    }
    return (update, rejected)
  }
}
