import GRPCCore

extension CallerCredentials {
  /// Reads `authorization: Bearer <token>` and `clusterid` from gRPC metadata, as Istio agents send them.
  public init(metadata: Metadata) {
    let auth = metadata[stringValues: "authorization"].first(where: { _ in true }) ?? ""
    let token = auth.hasPrefix("Bearer ") ? String(auth.dropFirst(7)) : ""
    let cluster = metadata[stringValues: "clusterid"].first(where: { _ in true }) ?? ""
    self.init(bearerToken: token, clusterID: cluster)
  }
}
