import CA
import Foundation
import Kube
import Shared
import Synchronization

/// Keeps the mesh CA in a Kubernetes Secret, as istiod does: the self-signed root it generates in
/// `istio-ca-secret`, or an operator's plug-in CA read (never written) from `cacerts`, both in the
/// root namespace, with Istio's keys (`ca-cert.pem`, `ca-key.pem`, `root-cert.pem`,
/// `cert-chain.pem`).
///
/// Keeping the root in the cluster rather than on a replica's disk is what lets every replica,
/// and a restarted control plane, sign with the same root. `CAStore` is synchronous, so the calls
/// go through `BlockingBridge`; they happen at start-up and at root rotation only.
public struct KubeSecretCAStore: CAStore {
  public static let selfSignedSecretName = "istio-ca-secret"
  public static let plugInSecretName = "cacerts"
  /// The Secret type istiod gives `istio-ca-secret`.
  public static let selfSignedSecretType = "istio.io/ca-root"

  public let client: KubeClient
  public let namespace: String
  public let secretName: String
  /// A plug-in CA belongs to the operator: `save` refuses instead of overwriting it.
  public let readOnly: Bool
  /// How long one `load` or `save` may wait for the API server.
  public let timeout: Duration
  /// The resourceVersion of the Secret as last loaded or saved (`nil`: it did not exist), so that
  /// `save` writes only over what this store has seen.
  private let observed = ObservedVersion()

  private final class ObservedVersion: Sendable {
    let resourceVersion = Mutex<String?>(nil)
  }

  public init(
    client: KubeClient, namespace: String = MeshDefaults.rootNamespace,
    secretName: String = KubeSecretCAStore.selfSignedSecretName, readOnly: Bool = false,
    timeout: Duration = .seconds(60)
  ) {
    self.client = client
    self.namespace = namespace
    self.secretName = secretName
    self.readOnly = readOnly
    self.timeout = timeout
  }

  /// The read-only store of an operator-provided CA in Secret `cacerts`.
  public static func plugIn(
    client: KubeClient, namespace: String = MeshDefaults.rootNamespace, timeout: Duration = .seconds(60)
  ) -> KubeSecretCAStore {
    KubeSecretCAStore(
      client: client, namespace: namespace, secretName: plugInSecretName, readOnly: true, timeout: timeout)
  }

  public var location: String { "secret \(namespace)/\(secretName)" }

  /// The stored CA; `nil` when the Secret does not exist or holds none of the CA keys.
  public func load() throws(CAError) -> StoredCA? {
    let client = self.client
    let namespace = self.namespace
    let name = self.secretName
    let secret = try BlockingBridge.run("cannot read \(location)", timeout: timeout) {
      () async throws(KubeAPIError) -> Secret? in
      do throws(KubeAPIError) {
        return try await client.get(Secret.self, namespace: namespace, name: name)
      } catch  where error.isNotFound {
        return nil
      }
    }
    observed.resourceVersion.withLock { $0 = secret?.resourceVersion }
    guard let secret else { return nil }
    return try Self.storedCA(from: secret.data, location: location)
  }

  /// Creates the Secret, or replaces its CA keys, but only over the Secret as this store last
  /// loaded (or saved) it: a Secret created or changed by someone else meanwhile (another replica
  /// starting at the same moment and generating its own root) is never overwritten. The error then
  /// says to restart, which loads the other root, so all replicas end up with one.
  public func save(_ ca: StoredCA) throws(CAError) {
    guard !readOnly else {
      throw CAError(.storage, "\(location) holds a plug-in CA and is never written by the control plane")
    }
    let client = self.client
    let namespace = self.namespace
    let name = self.secretName
    let data = Self.secretData(for: ca)
    let seen = observed.resourceVersion.withLock { $0 }
    let written = try BlockingBridge.run("cannot write \(location)", timeout: timeout) {
      () async throws(KubeAPIError) -> Secret in
      guard let seen else {
        var secret = Secret(namespace: namespace, name: name)
        secret.type = Self.selfSignedSecretType
        secret.data = data
        return try await client.create(secret)
      }
      var secret = try await client.get(Secret.self, namespace: namespace, name: name)
      // Conditional on the version this store saw: 409 Conflict if anyone wrote since.
      secret.object.resourceVersion = seen
      // The type of a Secret is immutable: keep whatever it is.
      secret.data = data
      return try await client.update(secret)
    } onError: { error in
      error.isAlreadyExists || error.isConflict
        ? "another writer created or changed it since it was loaded; restart the control plane to load that CA"
        : nil
    }
    observed.resourceVersion.withLock { $0 = written.resourceVersion }
  }
}
