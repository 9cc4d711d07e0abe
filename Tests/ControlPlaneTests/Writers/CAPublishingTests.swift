import CA
import ControlPlane
import Foundation
import Kube
import Testing

@Suite("CA material in Kubernetes", .serialized)
struct CAPublishingTests {
  @Test("the self-signed root is kept in istio-ca-secret: a restarted CA signs with the same root")
  func selfSignedRoot() async throws {
    let cluster = try await WritersCluster(namespaces: ["istio-system"])
    let store = KubeSecretCAStore(client: cluster.client)
    #expect(try store.load() == nil)

    let first = try CertificateAuthority(store: store, mode: .selfSigned)
    let secret = try await cluster.client.get(Secret.self, namespace: "istio-system", name: "istio-ca-secret")
    #expect(secret.type == "istio.io/ca-root")
    #expect(Set(secret.data.keys).isSuperset(of: ["ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem"]))
    #expect(String(decoding: secret.data["root-cert.pem"] ?? [], as: UTF8.self) == first.trustBundlePEM)

    // Another replica (a fresh store) loads the same root instead of making one.
    let second = try CertificateAuthority(store: KubeSecretCAStore(client: cluster.client), mode: .selfSigned)
    #expect(second.trustBundlePEM == first.trustBundlePEM)
    let after = try await cluster.client.get(Secret.self, namespace: "istio-system", name: "istio-ca-secret")
    #expect(after.resourceVersion == secret.resourceVersion)
    await cluster.stop()
  }

  @Test("save then load round-trips; a save over a Secret changed by another writer is refused")
  func roundTripAndConflict() async throws {
    let cluster = try await WritersCluster(namespaces: ["istio-system"])
    let source = try CertificateAuthority(
      store: DirectoryCAStore(directory: URL(fileURLWithPath: cluster.directory.path("ca"))), mode: .selfSigned)
    let material = try #require(try source.store.load())

    let store = KubeSecretCAStore(client: cluster.client)
    let racer = KubeSecretCAStore(client: cluster.client)
    #expect(try store.load() == nil)
    #expect(try racer.load() == nil)
    try store.save(material)
    #expect(try KubeSecretCAStore(client: cluster.client).load() == material)

    // The racer also saw no Secret: its own root must not replace the one just saved.
    let error = #expect(throws: CAError.self) { try racer.save(material) }
    #expect(error?.message.contains("another writer") == true)

    // The store that wrote it can update it (a rotation).
    var rotated = material
    rotated.nextCACertPEM = material.caCertPEM
    rotated.nextCAKeyPEM = material.caKeyPEM
    try store.save(rotated)
    #expect(try racer.load() == rotated)
    await cluster.stop()
  }

  @Test("a plug-in CA in cacerts is read as is and never written")
  func plugIn() async throws {
    let cluster = try await WritersCluster(namespaces: ["istio-system"])
    let source = try CertificateAuthority(
      store: DirectoryCAStore(directory: URL(fileURLWithPath: cluster.directory.path("ca"))), mode: .selfSigned)
    let material = try #require(try source.store.load())
    let store = KubeSecretCAStore.plugIn(client: cluster.client)
    #expect(store.location == "secret istio-system/cacerts")
    #expect(throws: CAError.self) { try CertificateAuthority(store: store, mode: .plugIn) }

    var secret = Secret(namespace: "istio-system", name: "cacerts")
    secret.data = KubeSecretCAStore.secretData(for: material)
    _ = try await cluster.client.create(secret)
    let authority = try CertificateAuthority(store: store, mode: .plugIn)
    #expect(authority.trustBundlePEM == source.trustBundlePEM)
    #expect(throws: CAError.self) { try store.save(material) }
    await cluster.stop()
  }

  @Test("istio-ca-root-cert is created in every namespace and a stale one is updated")
  func rootCertPublisher() async throws {
    let cluster = try await WritersCluster(namespaces: ["apps", "billing"])
    var stale = ConfigMap(namespace: "billing", name: "istio-ca-root-cert")
    stale.data = ["root-cert.pem": "old root"]
    _ = try await cluster.client.create(stale)

    let publisher = RootCertPublisher(client: cluster.client)
    let first = await publisher.publish(trustBundlePEM: "new root", namespaces: ["apps", "billing", "apps"])
    #expect(first.created == ["apps"])
    #expect(first.updated == ["billing"])
    #expect(first.failed.isEmpty)
    for namespace in ["apps", "billing"] {
      let configMap = try await cluster.client.get(ConfigMap.self, namespace: namespace, name: "istio-ca-root-cert")
      #expect(configMap.data["root-cert.pem"] == "new root")
    }

    let second = await publisher.publish(trustBundlePEM: "new root", namespaces: ["apps", "billing"])
    #expect(second.unchanged == ["apps", "billing"])
    #expect(second.created.isEmpty && second.updated.isEmpty)
    await cluster.stop()
  }
}
