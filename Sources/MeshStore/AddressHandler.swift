import Logging
import Shared
import SwiftProtobuf
import XDS

/// Feeds `istio.workload.Address` pushes (workloads and services) into the store.
///
/// Each resource is decoded with the Shared codec; one that cannot be read is rejected with a
/// reason naming it and the field, and is not applied (the client NACKs with those reasons),
/// while the rest of the push is applied as one atomic update.
public struct AddressHandler: XDSTypeHandler {
  public static let typeURL = XDSTypeURL.address

  let store: WorkloadStore
  let logger: Logger

  public init(store: WorkloadStore, logger: Logger = Logger(label: "ztunnel.xds.address")) {
    self.store = store
    self.logger = logger
  }

  public func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
    let (update, rejected) = Self.decode(upserts: upserts, removals: removals)
    let change = store.apply(update)
    for (name, reason) in rejected.sorted(by: { $0.key < $1.key }) {
      logger.warning("rejected address resource", metadata: ["xds.resource": "\(name)", "xds.reason": "\(reason)"])
    }
    logger.debug(
      "applied address push",
      metadata: [
        "xds.version": "\(change.version)", "xds.workloads": "\(update.workloads.count)",
        "xds.services": "\(update.services.count)", "xds.removed": "\(removals.count)",
      ])
    return rejected
  }

  /// Pure: the update to apply and the rejected names with reasons.
  static func decode(upserts: [ReceivedResource], removals: [String]) -> (WorkloadStoreUpdate, [String: String]) {
    var update = WorkloadStoreUpdate(removedAddresses: removals)
    update.workloads.reserveCapacity(upserts.count)
    var rejected: [String: String] = [:]
    for resource in upserts {
      do {
        let wire = try Istio_Workload_Address(serializedBytes: resource.payload)
        switch try MeshAddress(wire: wire, resourceName: resource.name) {
        case .workload(let workload):
          guard workload.uid == resource.name else {
            rejected[resource.name] = "workload uid \"\(workload.uid)\" differs from the resource name"
            continue
          }
          do {
            _ = try workload.identity()
          } catch {
            rejected[resource.name] = "field trust_domain/namespace/service_account: \(error)"
            continue
          }
          update.workloads.append(workload)
        case .service(let service):
          guard service.resourceName == resource.name else {
            rejected[resource.name] = "service \"\(service.resourceName)\" differs from the resource name"
            continue
          }
          update.services.append(service)
        }
      } catch let error as WireDecodingError {
        rejected[resource.name] = error.description
      } catch {
        rejected[resource.name] = "payload is not an istio.workload.Address: \(error)"
      }
    }
    return (update, rejected)
  }
}
