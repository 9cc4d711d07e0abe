import Foundation
import Shared
import Testing

@testable import WaypointAgent

/// HTTPRoute filters and path normalization, as the forwarded request or the local reply shows them.
@Suite("L7 filters")
struct FilterTests {
  static func decide(
    _ request: L7Request, filters: [L7Filter], match: L7PathMatch = L7PathMatch(kind: .prefix, value: "/foo")
  ) -> RequestDecision {
    let route = L7Route(
      route: "ambient-apps/r", ruleIndex: 0, matches: [L7RouteMatch(path: match)], filters: filters,
      backends: [.service(key: "ambient-apps/v1", port: 8000, weight: 1)])
    return L7Test.decide(request, CompiledService(L7Test.service(routes: [route])))
  }

  @Test("request and response header modifiers: remove, set, add, in that order")
  func headerModifiers() throws {
    let filters: [L7Filter] = [
      .requestHeaderModifier(
        L7HeaderModifier(
          set: [L7Header(name: "x-set", value: "new")], add: [L7Header(name: "x-add", value: "two")],
          remove: ["x-drop"])),
      .responseHeaderModifier(L7HeaderModifier(set: [L7Header(name: "x-served-by", value: "waypoint")])),
    ]
    let request = L7Test.request(
      "GET", "/foo", headers: [("X-Set", "old"), ("x-set", "older"), ("x-add", "one"), ("X-Drop", "secret")])
    let plan = try #require(Self.decide(request, filters: filters).plan)
    var headers = request.headers
    headers.apply(plan.requestRewrite.headerEdits)
    #expect(
      headers.entries == [
        L7Header(name: "X-Set", value: "new"), L7Header(name: "x-add", value: "one"),
        L7Header(name: "x-add", value: "two"),
      ])
    #expect(plan.responseEdits == [.set(name: "x-served-by", value: "waypoint")])
  }

  @Test(
    "ReplacePrefixMatch follows the Gateway API table",
    arguments: [
      ("/foo", "/xyz", "/foo/bar", "/xyz/bar"),
      ("/foo", "/xyz/", "/foo/bar", "/xyz/bar"),
      ("/foo/", "/xyz", "/foo/bar", "/xyz/bar"),
      ("/foo", "/xyz", "/foo", "/xyz"),
      ("/foo", "/xyz", "/foo/", "/xyz/"),
      ("/foo", "/", "/foo/bar", "/bar"),
      ("/foo", "/", "/foo", "/"),
      ("/", "/xyz", "/foo", "/xyz/foo"),
    ])
  func replacePrefix(prefix: String, replacement: String, path: String, expected: String) throws {
    let rewrite = L7Filter.urlRewrite(L7Rewrite(hostname: "backend.internal", path: .replacePrefixMatch(replacement)))
    let plan = try #require(
      Self.decide(
        L7Test.request("GET", path + "?q=1"), filters: [rewrite], match: L7PathMatch(kind: .prefix, value: prefix)
      ).plan)
    #expect(plan.requestRewrite.target == expected + "?q=1")
    #expect(plan.requestRewrite.authority == "backend.internal")
  }

  @Test("ReplaceFullPath, and ReplacePrefixMatch on a regex route is a 500, not an unmodified forward")
  func fullPath() throws {
    let full = L7Filter.urlRewrite(L7Rewrite(path: .replaceFullPath("/status/200")))
    #expect(Self.decide(L7Test.request("GET", "/foo/x"), filters: [full]).plan?.requestRewrite.target == "/status/200")
    let prefix = L7Filter.urlRewrite(L7Rewrite(path: .replacePrefixMatch("/x")))
    let regex = L7PathMatch(kind: .regularExpression, value: "/foo.*")
    #expect(Self.decide(L7Test.request("GET", "/foo/x"), filters: [prefix], match: regex).status == 500)
  }

  @Test(
    "redirects: Location from scheme, host, port and path; 302 by default; default ports left out",
    arguments: [
      (L7Redirect(), "http://httpbin:8000/foo/a?b=1", 302),
      (L7Redirect(scheme: "https"), "https://httpbin/foo/a?b=1", 302),
      (L7Redirect(scheme: "https", port: 8443), "https://httpbin:8443/foo/a?b=1", 302),
      (L7Redirect(hostname: "example.com", port: 80, statusCode: 301), "http://example.com/foo/a?b=1", 301),
      (L7Redirect(path: .replacePrefixMatch("/bar")), "http://httpbin:8000/bar/a?b=1", 302),
      (L7Redirect(path: .replaceFullPath("/")), "http://httpbin:8000/?b=1", 302),
    ])
  func redirects(redirect: L7Redirect, location: String, status: Int) throws {
    let response = try #require(
      Self.decide(L7Test.request("GET", "/foo/a?b=1"), filters: [.requestRedirect(redirect)]).response)
    #expect(response.status == status)
    #expect(response.headers == [L7Header(name: "location", value: location)])
  }

  @Test(
    "paths are normalized before matching and forwarded normalized",
    arguments: [
      ("/foo/../ip", "/ip"), ("/a/./b/", "/a/b/"), ("/a/%2e%2E/b", "/b"), ("/..", "/"), ("/a/b/..", "/a/"),
      ("/plain/path", "/plain/path"), ("//double", "//double"),
    ])
  func normalization(input: String, expected: String) throws {
    #expect(try PathNormalizer.normalize(input[...]) == expected[...])
  }

  @Test("a normalized path changes routing, policy and the forwarded target; a non-origin path is 400")
  func normalizationInPipeline() throws {
    let service = CompiledService(
      L7Test.service(policies: [
        L7AuthorizationPolicy(
          name: "no-headers", namespace: "ambient-apps", action: .deny,
          rules: [
            L7AuthorizationRule(to: [
              {
                var o = L7Operation(); o.paths = ["/headers"]; return o
              }()
            ])
          ])
      ]))
    #expect(L7Test.decide(L7Test.request("GET", "/ip/../headers"), service).status == 403)
    let plan = try #require(L7Test.decide(L7Test.request("GET", "/x/../ip?a=b"), service).plan)
    #expect(plan.requestRewrite.target == "/ip?a=b")
    #expect(L7Test.decide(L7Test.request("GET", "ip"), service).status == 400)
  }
}
