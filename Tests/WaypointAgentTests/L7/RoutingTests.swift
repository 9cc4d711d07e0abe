import Foundation
import Shared
import Testing

@testable import WaypointAgent

/// Route matching and backend choice (Gateway API semantics).
@Suite("L7 routing")
struct RoutingTests {
  static func route(
    _ name: String, _ matches: [L7RouteMatch], port: Int? = nil, backends: [L7Backend]? = nil
  ) -> L7Route {
    L7Route(
      route: "ambient-apps/\(name)", ruleIndex: 0, port: port, matches: matches,
      backends: backends ?? [.service(key: "ambient-apps/\(name)", port: 8000, weight: 1)])
  }

  static func target(_ request: L7Request, _ routes: [L7Route]) -> String? {
    L7Test.decide(request, CompiledService(L7Test.service(routes: routes))).plan?.serviceKey
  }

  @Test(
    "path matches: exact, segment-wise prefix, whole-string regex",
    arguments: [
      ("/foo", "prefix", true), ("/foo/bar", "prefix", true), ("/foobar", "prefix", false), ("/fo", "prefix", false),
      ("/foo", "exact", true), ("/foo/", "exact", false), ("/foo?x=1", "exact", true),
      ("/v12/items", "regex", true), ("/v12/items/extra", "regex", false), ("/x/v1/items", "regex", false),
    ])
  func paths(path: String, kind: String, matches: Bool) {
    let match: L7RouteMatch
    switch kind {
    case "prefix": match = L7RouteMatch(path: L7PathMatch(kind: .prefix, value: "/foo/"))
    case "exact": match = L7RouteMatch(path: L7PathMatch(kind: .exact, value: "/foo"))
    default: match = L7RouteMatch(path: L7PathMatch(kind: .regularExpression, value: "/v[0-9]+/items"))
    }
    let result = Self.target(L7Test.request("GET", path), [Self.route("r", [match])])
    #expect((result == "ambient-apps/r") == matches)
  }

  @Test("headers (case-insensitive names, exact or regex), query params and method must all hold")
  func conditions() {
    let match = L7RouteMatch(
      path: L7PathMatch(kind: .prefix, value: "/"),
      headers: [
        L7StringMatch(name: "X-Version", value: "v2"),
        L7StringMatch(kind: .regularExpression, name: "x-user", value: "a.*"),
      ],
      queryParams: [L7StringMatch(name: "debug", value: "on")], method: "POST")
    let routes = [Self.route("r", [match])]
    let good = L7Test.request("POST", "/x?debug=on&debug=off", headers: [("x-version", "v2"), ("X-User", "alice")])
    #expect(Self.target(good, routes) == "ambient-apps/r")
    let wrongMethod = L7Test.request("GET", "/x?debug=on", headers: [("x-version", "v2"), ("X-User", "alice")])
    #expect(Self.target(wrongMethod, routes) == nil)
    let secondParam = L7Test.request(
      "POST", "/x?debug=off&debug=on", headers: [("x-version", "v2"), ("X-User", "alice")])
    #expect(Self.target(secondParam, routes) == nil)
    let regexPartial = L7Test.request("POST", "/x?debug=on", headers: [("x-version", "v2"), ("X-User", "bob-a")])
    #expect(Self.target(regexPartial, routes) == nil)
    let encoded = L7Test.request("POST", "/x?d%65bug=%6Fn", headers: [("x-version", "v2"), ("X-User", "alice")])
    #expect(Self.target(encoded, routes) == "ambient-apps/r")
  }

  @Test("the first matching route wins, in the order the control plane sent")
  func order() {
    let routes = [
      Self.route("api", [L7RouteMatch(path: L7PathMatch(kind: .prefix, value: "/api"))]),
      Self.route("all", [L7RouteMatch()]),
    ]
    #expect(Self.target(L7Test.request("GET", "/api/x"), routes) == "ambient-apps/api")
    #expect(Self.target(L7Test.request("GET", "/apix"), routes) == "ambient-apps/all")
  }

  @Test("no routes for the port: the original service; routes but no match: 404")
  func defaults() {
    let service = CompiledService(L7Test.service(routes: []))
    let plan = L7Test.decide(L7Test.request("GET", "/anything"), service).plan
    #expect(plan?.serviceKey == L7Test.httpbinKey)
    #expect(plan?.port == 8000)
    #expect(plan?.route == nil)
    let routes = [Self.route("api", [L7RouteMatch(path: L7PathMatch(kind: .prefix, value: "/api"))], port: 8000)]
    let routed = CompiledService(L7Test.service(routes: routes))
    let miss = L7Test.decide(L7Test.request("GET", "/other"), routed).response
    #expect(miss?.status == 404)
    #expect(miss?.responseFlag == "NR")
    let otherPort = L7Test.decide(L7Test.request("GET", "/other", port: 9000), routed).plan
    #expect(otherPort?.serviceKey == L7Test.httpbinKey)
    #expect(otherPort?.port == 9000)
  }

  @Test("weighted backends split by weight; weight 0 is never picked")
  func weights() {
    let backends: [L7Backend] = [
      .service(key: "ns/v1", port: 80, weight: 80), .service(key: "ns/v2", port: 80, weight: 20),
      .service(key: "ns/never", port: 80, weight: 0),
    ]
    var random = SeededRandom(seed: 42)
    var counts: [String: Int] = [:]
    for _ in 0..<10_000 {
      if case .service(let key, _) = BackendPicker.pick(backends, totalWeight: 100, random: &random) {
        counts[key, default: 0] += 1
      }
    }
    #expect(counts["ns/never"] == nil)
    #expect((7_700...8_300).contains(counts["ns/v1"] ?? 0))
    #expect((1_700...2_300).contains(counts["ns/v2"] ?? 0))
  }

  @Test("all weights 0, no backends, or an invalid backend: HTTP 500")
  func backendErrors() {
    func status(_ backends: [L7Backend], random: UInt64 = 0) -> Int? {
      let service = CompiledService(L7Test.service(routes: [Self.route("r", [L7RouteMatch()], backends: backends)]))
      var source = FixedRandom(value: random)
      return RequestPipeline.decide(L7Test.request(), service: service, now: L7Test.fixedNow, random: &source).status
    }
    #expect(status([.service(key: "ns/a", port: 80, weight: 0)]) == 500)
    #expect(status([]) == 500)
    #expect(status([.invalid(reason: "Service ns/gone not found", weight: 1)]) == 500)
    let mixed: [L7Backend] = [.service(key: "ns/a", port: 80, weight: 1), .invalid(reason: "gone", weight: 1)]
    #expect(status(mixed, random: 0) == nil)
    #expect(status(mixed, random: .max) == 500)
  }

  @Test("an uncompilable regex is reported and its match takes no requests")
  func badRegex() {
    let routes = [
      Self.route("bad", [L7RouteMatch(path: L7PathMatch(kind: .regularExpression, value: "(unclosed"))]),
      Self.route("all", [L7RouteMatch()]),
    ]
    let service = CompiledService(L7Test.service(routes: routes))
    #expect(service.problems.count == 1)
    #expect(L7Test.decide(L7Test.request("GET", "/x"), service).plan?.serviceKey == "ambient-apps/all")
  }
}
