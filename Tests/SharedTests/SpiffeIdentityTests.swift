import Shared
import Testing

struct SpiffeIdentityTests {
  @Test(arguments: [
    ("spiffe://cluster.local/ns/default/sa/sleep", "cluster.local", "default", "sleep"),
    ("spiffe://td-1_x.example/ns/a.b/sa/c-d", "td-1_x.example", "a.b", "c-d"),
  ])
  func parsesValidIdentities(uri: String, td: String, ns: String, sa: String) throws {
    let id = try SpiffeIdentity(parsing: uri)
    #expect(id.trustDomain == td)
    #expect(id.namespace == ns)
    #expect(id.serviceAccount == sa)
    #expect(id.uri == uri)
    #expect(id.principal == String(uri.dropFirst("spiffe://".count)))
  }

  @Test(arguments: [
    ("cluster.local/ns/default/sa/sleep", "must start with"),
    ("SPIFFE://cluster.local/ns/default/sa/sleep", "must start with"),
    ("spiffe://cluster.local/ns/default/sa/", "service account is empty"),
    ("spiffe:///ns/default/sa/sleep", "trust domain is empty"),
    ("spiffe://Cluster.local/ns/default/sa/sleep", "trust domain"),
    ("spiffe://cluster.local/ns/default/sa/sleep/extra", "path must be exactly"),
    ("spiffe://cluster.local/sa/sleep/ns/default", "path must be exactly"),
    ("spiffe://cluster.local/ns/Default/sa/sleep", "namespace \"Default\""),
    ("spiffe://cluster.local/ns/default/sa/sl eep", "service account \"sl eep\""),
    ("spiffe://cluster.local:8080/ns/default/sa/sleep", "trust domain"),
  ])
  func rejectsMalformedIdentitiesNamingTheProblem(uri: String, problem: String) {
    #expect {
      try SpiffeIdentity(parsing: uri)
    } throws: { error in
      let message = "\(error)"
      return message.contains(problem) && message.contains(uri)
    }
  }

  @Test func principalFormRoundTrips() throws {
    let id = try SpiffeIdentity(principal: "cluster.local/ns/ambient-apps/sa/sleep-ambient")
    #expect(id.uri == "spiffe://cluster.local/ns/ambient-apps/sa/sleep-ambient")
  }
}
