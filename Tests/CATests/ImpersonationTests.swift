import CA
import Foundation
import MeshTestSupport
import Shared
import Testing

/// Node agents may obtain certificates only for service accounts with a pod on their own node.
struct ImpersonationTests {
  let dir: TempDir
  let ca: CertificateAuthority

  init() throws {
    dir = try TempDir()
    ca = try Fixtures.selfSignedCA(in: dir)
  }

  func ask(
    token: String, for identity: SpiffeIdentity, impersonate: String?, pods: (any PodLocator)? = FixedPods()
  )
    async throws -> [String]
  {
    let service = Fixtures.service(ca: ca, pods: pods)
    let request = Istio_V1_Auth_IstioCertificateRequest.with {
      $0.csr = try! Fixtures.csr(for: identity).pem
      if let impersonate { $0.metadata.fields["ImpersonatedIdentity"] = .init(stringValue: impersonate) }
    }
    return try await service.issue(request, credentials: CallerCredentials(bearerToken: token, clusterID: "Kubernetes"))
  }

  @Test func nodeAgentGetsIdentityOfAPodOnItsNode() async throws {
    let chain = try await ask(token: "token-ztunnel-a", for: Fixtures.httpbin, impersonate: Fixtures.httpbin.uri)
    #expect(chain.count == 2)
  }

  @Test(arguments: [
    (
      "token-ztunnel-a", "spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient",
      "no pod with service account ambient-apps/sleep-ambient runs on node \"node-a\""
    ),
    (
      "token-sleep", "spiffe://cluster.local/ns/ambient-apps/sa/httpbin-ambient",
      "may not request certificates for other identities"
    ),
    ("token-ztunnel-unbound", "spiffe://cluster.local/ns/ambient-apps/sa/httpbin-ambient", "pod-bound token"),
    ("token-ztunnel-a", "spiffe://other.td/ns/ambient-apps/sa/httpbin-ambient", "outside trust domain"),
  ])
  func refusedImpersonation(token: String, target: String, problem: String) async throws {
    let identity = try SpiffeIdentity(parsing: target.replacingOccurrences(of: "other.td", with: "cluster.local"))
    await #expect {
      try await ask(token: token, for: identity, impersonate: target)
    } throws: { ($0 as? CAError)?.code == .permissionDenied && "\($0)".contains(problem) }
  }

  @Test func malformedImpersonatedIdentityIsInvalid() async throws {
    await #expect {
      try await ask(token: "token-ztunnel-a", for: Fixtures.httpbin, impersonate: "httpbin")
    } throws: { ($0 as? CAError)?.code == .invalidRequest && "\($0)".contains("ImpersonatedIdentity") }
  }

  @Test func withoutAPodViewImpersonationIsRefused() async throws {
    await #expect {
      try await ask(token: "token-ztunnel-a", for: Fixtures.httpbin, impersonate: Fixtures.httpbin.uri, pods: nil)
    } throws: { "\($0)".contains("impersonation is disabled") }
  }

  @Test func callerPodMustExistAndRunAsTheCaller() async throws {
    var pods = FixedPods()
    pods.pods.removeAll { $0.name == "ztunnel-a" }
    await #expect {
      try await ask(token: "token-ztunnel-a", for: Fixtures.httpbin, impersonate: Fixtures.httpbin.uri, pods: pods)
    } throws: { "\($0)".contains("caller pod istio-system/ztunnel-a does not exist") }
  }
}
