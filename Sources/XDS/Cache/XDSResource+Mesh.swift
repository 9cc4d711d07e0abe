import Shared

/// Mesh model → xDS resources, named and aliased as wire-facts §1 says: a workload by its uid with
/// `network/IP` aliases, a service by `namespace/hostname` with `network/VIP` aliases, a policy by
/// `namespace/name`. Kept here so that only Shared's codecs and XDS touch generated types.
extension XDSResource {
  public static func workload(_ workload: Workload) throws -> XDSResource {
    try XDSResource(name: workload.uid, aliases: workload.aliases, message: MeshAddress.workload(workload).wire)
  }

  public static func service(_ service: Service) throws -> XDSResource {
    try XDSResource(name: service.resourceName, aliases: service.aliases, message: MeshAddress.service(service).wire)
  }

  public static func policy(_ policy: AuthorizationPolicy) throws -> XDSResource {
    try XDSResource(name: policy.key, message: policy.wire)
  }

  /// A waypoint's configuration for one Service, named like the workload API's Service.
  public static func waypointService(_ service: L7Service) throws -> XDSResource {
    try XDSResource(name: service.key, message: service.wire)
  }
}
