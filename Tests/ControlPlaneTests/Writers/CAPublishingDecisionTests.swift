import CA
import ControlPlane
import Foundation
import Kube
import Testing

@Suite("CA Secret mapping and trust-bundle decision")
struct CAPublishingDecisionTests {
  let stored = StoredCA(
    caCertPEM: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
    caKeyPEM: "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n", certChainPEM: "",
    rootCertsPEM: "-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----\n",
    nextCACertPEM: "next-cert", nextCAKeyPEM: "next-key", activatedAt: Date(timeIntervalSince1970: 1_700_000_000))

  @Test("StoredCA → Secret data → StoredCA keeps everything, with Istio's key names")
  func roundTrip() throws {
    let data = KubeSecretCAStore.secretData(for: stored)
    #expect(
      Set(data.keys) == [
        "ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem", "next-ca-cert.pem", "next-ca-key.pem",
        "root-activated-at",
      ])
    #expect(try KubeSecretCAStore.storedCA(from: data, location: "test") == stored)
  }

  @Test("no CA keys reads as nothing stored; some of them is an error naming the missing ones")
  func partial() throws {
    #expect(try KubeSecretCAStore.storedCA(from: [:], location: "secret istio-system/cacerts") == nil)
    #expect(try KubeSecretCAStore.storedCA(from: ["other": [1]], location: "x") == nil)
    var data = KubeSecretCAStore.secretData(for: stored)
    data["ca-key.pem"] = nil
    let error = #expect(throws: CAError.self) {
      try KubeSecretCAStore.storedCA(from: data, location: "secret istio-system/cacerts")
    }
    #expect(error?.code == .invalidCAMaterial)
    #expect(error?.message.contains("secret istio-system/cacerts: missing key ca-key.pem") == true)
  }

  @Test("a plug-in CA without cert-chain.pem reads with an empty chain")
  func noChain() throws {
    var data = KubeSecretCAStore.secretData(for: stored)
    data["cert-chain.pem"] = nil
    #expect(try KubeSecretCAStore.storedCA(from: data, location: "x")?.certChainPEM == "")
  }

  @Test("the trust-bundle ConfigMap is created, updated when stale, left alone when current")
  func rootCertDecision() {
    guard case .create(let created) = RootCertDecision.decide(existing: nil, namespace: "apps", trustBundlePEM: "A")
    else {
      Issue.record("expected a create")
      return
    }
    #expect(created.namespace == "apps" && created.name == "istio-ca-root-cert")
    #expect(created.data == ["root-cert.pem": "A"])
    #expect(created.labels["istio.io/config"] == "true")
    #expect(RootCertDecision.decide(existing: created, namespace: "apps", trustBundlePEM: "A") == .unchanged)

    var stale = created
    stale.data["extra"] = "kept"
    guard case .update(let updated) = RootCertDecision.decide(existing: stale, namespace: "apps", trustBundlePEM: "B")
    else {
      Issue.record("expected an update")
      return
    }
    #expect(updated.data == ["root-cert.pem": "B", "extra": "kept"])
  }
}
