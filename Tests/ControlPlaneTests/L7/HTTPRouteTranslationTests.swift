import ControlPlane
import Kube
import Shared
import Testing

@Suite("L7 translation: HTTPRoutes")
struct HTTPRouteTranslationTests {
  typealias F = L7Fixtures

  @Test("a GAMMA route on a Service with a waypoint becomes its routes, with filters, backends and timeouts")
  func convertsRoute() throws {
    let mesh = try F.translate(
      F.route(
        "split",
        rules: """

              - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: x-user, value: alice}], method: get}]
                filters:
                - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-a, value: "1"}], remove: [x-b]}}
                - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}}
                backendRefs: [{name: httpbin-ambient, port: 8000, weight: 90}, {name: backend-v2, port: 8000, weight: 10}]
                timeouts: {request: 10s, backendRequest: 500ms}
          """))
    let service = try F.httpbin(mesh)
    #expect(service.waypoint == F.waypointKey)
    #expect(
      service.ports == [
        L7ServicePort(port: 8000, name: "http", protocol: .http),
        L7ServicePort(port: 9000, name: "tcp-raw", protocol: .tcp),
      ])
    let route = try #require(service.routes.first)
    #expect(service.routes.count == 1)
    #expect(route.route == "ambient-apps/split")
    #expect(
      route.matches == [
        L7RouteMatch(
          path: L7PathMatch(kind: .prefix, value: "/api"), headers: [L7StringMatch(name: "x-user", value: "alice")],
          method: "GET")
      ])
    #expect(
      route.filters == [
        .requestHeaderModifier(L7HeaderModifier(set: [L7Header(name: "x-a", value: "1")], remove: ["x-b"])),
        .urlRewrite(L7Rewrite(path: .replacePrefixMatch("/v2"))),
      ])
    #expect(
      route.backends == [
        .service(key: F.httpbinKey, port: 8000, weight: 90),
        .service(key: "ambient-apps/backend-v2.ambient-apps.svc.cluster.local", port: 8000, weight: 10),
      ])
    #expect(route.requestTimeout == .seconds(10))
    #expect(route.backendRequestTimeout == .milliseconds(500))
    let diagnostic = try #require(mesh.diagnostic(kind: "HTTPRoute", namespace: "ambient-apps", name: "split"))
    #expect(diagnostic.accepted)
    #expect(diagnostic.routeParents.count == 1)
    #expect(diagnostic.routeParents.first?.resolvedRefs == true)
  }

  @Test("routes are ordered by Gateway API precedence across rules and routes")
  func precedence() throws {
    let backend = "backendRefs: [{name: httpbin-ambient, port: 8000}]"
    let mesh = try F.translate(
      F.route(
        "old", created: "2023-01-01T00:00:00Z",
        rules: """

              - matches: [{path: {type: PathPrefix, value: /}}]
                \(backend)
              - matches: [{path: {type: PathPrefix, value: /a}, headers: [{name: h1, value: x}]}]
                \(backend)
          """)
        + F.route(
          "new", created: "2024-01-01T00:00:00Z",
          rules: """

                - matches:
                  - {path: {type: PathPrefix, value: /a}, headers: [{name: h1, value: x}, {name: h2, value: y}]}
                  - {path: {type: PathPrefix, value: /a}, method: POST}
                  - {path: {type: Exact, value: /a/b}}
                  - {path: {type: PathPrefix, value: /abc}}
                  - {path: {type: PathPrefix, value: /}}
                  \(backend)
            """))
    let order = try F.httpbin(mesh).routes.map { route in
      let m = route.matches[0]
      return "\(route.route.split(separator: "/").last!)#\(route.ruleIndex) \(m.path.kind.rawValue) \(m.path.value)"
        + " m=\(m.method ?? "-") h=\(m.headers.count)"
    }
    #expect(
      order == [
        "new#0 exact /a/b m=- h=0",
        "new#0 prefix /abc m=- h=0",
        "new#0 prefix /a m=POST h=0",
        "new#0 prefix /a m=- h=2",
        "old#1 prefix /a m=- h=1",
        "old#0 prefix / m=- h=0",
        "new#0 prefix / m=- h=0",
      ])
  }

  @Test("a missing backend keeps its share as HTTP 500 and the route says BackendNotFound per parent")
  func backendNotFound() throws {
    let mesh = try F.translate(
      F.route(
        "broken",
        rules: """

              - backendRefs: [{name: httpbin-ambient, port: 8000, weight: 1}, {name: gone, port: 80, weight: 1}]
          """))
    let route = try #require(try F.httpbin(mesh).routes.first)
    #expect(route.backends.count == 2)
    guard case .invalid(let reason, 1) = route.backends[1] else {
      Issue.record("expected the missing backend to stay as an invalid share, got \(route.backends)")
      return
    }
    #expect(reason.contains("there is no Service ambient-apps/gone"))
    let diagnostic = try #require(mesh.diagnostic(kind: "HTTPRoute", namespace: "ambient-apps", name: "broken"))
    #expect(!diagnostic.accepted)
    #expect(diagnostic.reason == "BackendNotFound")
    let parent = try #require(diagnostic.routeParents.first)
    #expect(parent.accepted)
    #expect(!parent.resolvedRefs)
    #expect(parent.resolvedRefsReason == "BackendNotFound")
  }

  @Test("a parent Service without a waypoint, or missing, is not accepted; another controller's Gateway is not ours")
  func parents() throws {
    let mesh = try F.translate(
      F.route(
        "parents",
        parent:
          "{group: \"\", kind: Service, name: other}, {group: \"\", kind: Service, name: nope}, {name: some-ingress}",
        rules: "[{backendRefs: [{name: other, port: 80}]}]"))
    let diagnostic = try #require(mesh.diagnostic(kind: "HTTPRoute", namespace: "ambient-apps", name: "parents"))
    #expect(diagnostic.routeParents.map(\.parentRef.name) == ["other", "nope"])
    #expect(diagnostic.routeParents.allSatisfy { !$0.accepted && $0.acceptedReason == "NoMatchingParent" })
    #expect(diagnostic.message.contains("has no usable waypoint"))
    #expect(try F.httpbin(mesh).routes.isEmpty)
  }

  @Test("a route on the waypoint Gateway applies to the Services it serves that match its hostnames")
  func gatewayParent() throws {
    let parent = "{name: httpbin-ambient-waypoint}"
    let all = try F.translate(
      F.route("gw", parent: parent, rules: "[{backendRefs: [{name: httpbin-ambient, port: 8000}]}]"))
    #expect(try F.httpbin(all).routes.count == 1)
    let other = try F.translate(
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: gw, namespace: ambient-apps}
      spec:
        parentRefs: [\(parent)]
        hostnames: [reviews.ambient-apps.svc.cluster.local]
        rules: [{backendRefs: [{name: httpbin-ambient, port: 8000}]}]
      ---

      """)
    #expect(try F.httpbin(other).routes.isEmpty)
  }

  @Test("an unsupported filter or a bad value turns the rule into HTTP 500 and is reported")
  func unsupportedFilter() throws {
    let mesh = try F.translate(
      F.route(
        "mirror",
        rules: """

              - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: backend-v2, port: 8000}}}]
                backendRefs: [{name: httpbin-ambient, port: 8000}]
              - matches: [{path: {type: PathPrefix, value: /ok}}]
                timeouts: {request: 10 seconds}
                backendRefs: [{name: httpbin-ambient, port: 8000}]
          """))
    let routes = try F.httpbin(mesh).routes
    #expect(routes.count == 2)
    #expect(routes.allSatisfy { if case .invalid = $0.backends.first { true } else { false } })
    let diagnostic = try #require(mesh.diagnostic(kind: "HTTPRoute", namespace: "ambient-apps", name: "mirror"))
    #expect(diagnostic.reason == "UnsupportedValue")
    #expect(diagnostic.message.contains("spec.rules[0].filters[0].type: RequestMirror is not supported"))
    #expect(diagnostic.message.contains("spec.rules[1].timeouts"))
  }
}
