import Kube

/// Applies or removes the rendered manifests with server-side apply (field manager `meshctl`), so
/// a second `install` updates in place and fields others own (an HPA's replicas) are left alone
/// unless the user forces them.
public struct ManifestApplier: Sendable {
  public static let fieldManager = "meshctl"
  let client: KubeClient
  let progress: @Sendable (String) -> Void

  public init(client: KubeClient, progress: @escaping @Sendable (String) -> Void) {
    self.client = client
    self.progress = progress
  }

  public func apply(_ objects: [KubeObject]) async throws(MeshCtlError) {
    for object in objects {
      let type = try ManifestKinds.type(of: object)
      do {
        _ = try await client.apply(object, as: type, fieldManager: Self.fieldManager, force: true)
      } catch {
        throw MeshCtlError.api(error, doing: "cannot apply \(object.kind) \(object.key)")
      }
      progress("✔ \(object.kind) \(object.key) applied")
    }
  }

  /// Deletes in reverse order; objects already gone are fine. CRDs (and with them every policy,
  /// Gateway and route users wrote) only when `includeCRDs`.
  public func delete(_ objects: [KubeObject], includeCRDs: Bool) async throws(MeshCtlError) {
    for object in objects.reversed() {
      if object.kind == "CustomResourceDefinition", !includeCRDs { continue }
      let type = try ManifestKinds.type(of: object)
      do {
        try await client.delete(type, namespace: object.namespace.isEmpty ? nil : object.namespace, name: object.name)
        progress("✔ \(object.kind) \(object.key) deleted")
      } catch let error where error.isNotFound {
        continue
      } catch {
        throw MeshCtlError.api(error, doing: "cannot delete \(object.kind) \(object.key)")
      }
    }
  }
}
