import Foundation
import Kube
import Testing

@Suite("Types: Gateway API")
struct TypesGatewayTests {
  static func object(_ yaml: String) throws -> KubeObject { try KubeObject(json: try YAMLDocuments.parseOne(yaml)) }
  static let now = Date(timeIntervalSince1970: 1_714_557_600)

  @Test("GatewayClass: controller and accepted condition")
  func gatewayClass() throws {
    let yaml = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: GatewayClass
      metadata: {name: istio-waypoint}
      spec: {controllerName: istio.io/mesh-controller, description: The mesh waypoint}
      """
    var gatewayClass = GatewayClass(try Self.object(yaml))
    #expect(gatewayClass.controllerName == "istio.io/mesh-controller")
    #expect(gatewayClass.description == "The mesh waypoint")
    #expect(gatewayClass.conditions.isEmpty)
    gatewayClass.setCondition(
      Condition(type: "Accepted", isTrue: true, reason: "Accepted", observedGeneration: 1), now: Self.now)
    #expect(
      gatewayClass.object.json["status"] == [
        "conditions": [
          [
            "type": "Accepted", "status": "True", "reason": "Accepted", "observedGeneration": 1,
            "lastTransitionTime": "2024-05-01T10:00:00Z",
          ]
        ]
      ])
  }

  @Test("Gateway: the waypoint controller's status writes keep the spec and earlier transitions")
  func gatewayStatus() throws {
    let yaml = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: edge, namespace: infra, generation: 2}
      spec:
        gatewayClassName: istio
        addresses: [{value: 192.0.2.1}, {type: Hostname, value: edge.example.com}]
        listeners:
        - name: https
          port: 443
          protocol: HTTPS
          hostname: "*.example.com"
          tls: {mode: Terminate, certificateRefs: [{name: edge-cert}]}
          allowedRoutes: {namespaces: {from: All}}
        - {name: broken}
      status:
        conditions:
        - {type: Accepted, status: "True", reason: Accepted, lastTransitionTime: "2024-01-01T00:00:00Z"}
      """
    var gateway = Gateway(try Self.object(yaml))
    #expect(!gateway.isWaypoint)
    #expect(gateway.waypointFor == nil)
    #expect(
      gateway.addresses == [
        GatewaySpecAddress(value: "192.0.2.1"), GatewaySpecAddress(type: "Hostname", value: "edge.example.com"),
      ])
    let listener = try #require(gateway.listeners.first)
    #expect(gateway.listeners.count == 1)
    #expect(listener.hostname == "*.example.com")
    #expect(listener.allowedRoutes == ["namespaces": ["from": "All"]])
    #expect(listener.otherFields["tls"]?["mode"] == "Terminate")

    gateway.setCondition(
      Condition(type: "Accepted", isTrue: true, reason: "Accepted", observedGeneration: 2), now: Self.now)
    gateway.setCondition(
      Condition(type: "Programmed", isTrue: true, reason: "Programmed", observedGeneration: 2), now: Self.now)
    gateway.statusAddresses = [GatewayStatusAddress(value: "10.96.0.30")]
    gateway.statusListeners = [["name": "https", "attachedRoutes": 1, "conditions": []]]
    gateway.waypointFor = "service"

    #expect(gateway.isProgrammed)
    let accepted = try #require(gateway.conditions.condition("Accepted"))
    #expect(accepted.lastTransitionTime == KubeTime.parse("2024-01-01T00:00:00Z"))
    #expect(accepted.observedGeneration == 2)
    #expect(gateway.object.json.value(at: ["status", "addresses"]) == [["type": "IPAddress", "value": "10.96.0.30"]])
    #expect(gateway.statusListeners.first?["attachedRoutes"] == 1)
    #expect(gateway.labels == ["istio.io/waypoint-for": "service"])
    #expect(gateway.object.json.value(at: ["spec", "listeners"])?.arrayValue?.count == 2)
  }

  @Test("Gateway listeners and addresses written back keep TLS settings")
  func listenerRoundTrip() throws {
    var gateway = Gateway(namespace: "ambient-apps", name: "w")
    gateway.gatewayClassName = "istio-waypoint"
    gateway.listeners = [GatewayListener(name: "mesh", port: 15008, protocol: "HBONE")]
    #expect(gateway.isWaypoint)
    #expect(
      gateway.object.json["spec"] == [
        "gatewayClassName": "istio-waypoint", "listeners": [["name": "mesh", "port": 15008, "protocol": "HBONE"]],
      ])
    let tls: JSONValue = ["mode": "Terminate"]
    var listeners = gateway.listeners
    listeners[0].otherFields["tls"] = tls
    gateway.listeners = listeners
    #expect(gateway.listeners.first?.otherFields["tls"] == tls)
  }

  static let route = """
    apiVersion: gateway.networking.k8s.io/v1
    kind: HTTPRoute
    metadata: {name: httpbin, namespace: ambient-apps}
    spec:
      parentRefs:
      - {group: "", kind: Service, name: httpbin-ambient, port: 8000}
      - {name: edge, namespace: infra, sectionName: https}
      hostnames: [httpbin.example.com]
      rules:
      - name: split
        matches:
        - path: {type: Exact, value: /ip}
          headers: [{name: x-canary, value: "true"}, {type: RegularExpression, name: x-user, value: "a.*"}]
          queryParams: [{name: debug, value: "1"}]
          method: GET
        - headers: [{name: x-any, value: v}]
        backendRefs:
        - {name: httpbin-ambient, port: 8000, weight: 90}
        - {name: httpbin-canary, namespace: canary, port: 8000, weight: 10, filters: [{type: RequestHeaderModifier}]}
        filters: [{type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: x-routed, value: "1"}]}}]
        timeouts: {request: 10s, backendRequest: 2s}
        retry: {attempts: 2}
      - backendRefs: [{group: example.io, kind: Backend, name: b}]
    """

  @Test("HTTPRoute: parents, hostnames and typed rules with schema defaults")
  func route() throws {
    let route = HTTPRoute(try Self.object(Self.route))
    #expect(
      route.parentRefs == [
        ParentReference(group: "", kind: "Service", name: "httpbin-ambient", port: 8000),
        ParentReference(namespace: "infra", name: "edge", sectionName: "https"),
      ])
    #expect(route.hostnames == ["httpbin.example.com"])
    #expect(route.rules.count == 2)
    let rules = route.routeRules
    try #require(rules.count == 2)
    let split = rules[0]
    #expect(split.name == "split")
    #expect(split.matches.count == 2)
    let first = split.matches[0]
    #expect(first.path == HTTPPathMatch(type: "Exact", value: "/ip"))
    #expect(
      first.headers == [
        HTTPHeaderMatch(name: "x-canary", value: "true"),
        HTTPHeaderMatch(type: "RegularExpression", name: "x-user", value: "a.*"),
      ])
    #expect(first.queryParams == [HTTPQueryParamMatch(name: "debug", value: "1")])
    #expect(first.method == "GET")
    #expect(split.matches[1].path == HTTPPathMatch(type: "PathPrefix", value: "/"))
    #expect(split.matches[1].method == nil)
    #expect(split.backendRefs.map(\.weight) == [90, 10])
    #expect(split.backendRefs[0] == HTTPBackendRef(name: "httpbin-ambient", port: 8000, weight: 90))
    #expect(split.backendRefs[1].namespace == "canary")
    #expect(split.backendRefs[1].filters == [["type": "RequestHeaderModifier"]])
    #expect(split.filters.first?["type"] == "RequestHeaderModifier")
    #expect(split.timeouts == HTTPRouteTimeouts(request: "10s", backendRequest: "2s"))
    #expect(split.otherFields == ["retry": ["attempts": 2]])

    let catchAll = rules[1]
    #expect(catchAll.matches == [HTTPRouteMatch()])
    #expect(catchAll.backendRefs == [HTTPBackendRef(group: "example.io", kind: "Backend", name: "b")])
    #expect(catchAll.timeouts == nil)
  }

  @Test("HTTPRoute: typed rules write back with defaults made explicit and nothing lost")
  func routeRoundTrip() throws {
    var route = HTTPRoute(try Self.object(Self.route))
    var rules = route.routeRules
    rules[0].backendRefs[0].weight = 50
    rules[0].backendRefs[1].weight = 50
    route.routeRules = rules
    let written = try #require(route.object.json.value(at: ["spec", "rules"])?.arrayValue)
    #expect(written[0]["retry"] == ["attempts": 2])
    #expect(written[0]["backendRefs"]?.arrayValue?.compactMap { $0["weight"] } == [50, 50])
    #expect(written[0]["matches"]?.arrayValue?[1]["path"] == ["type": "PathPrefix", "value": "/"])
    #expect(route.routeRules == rules)
    #expect(route.hostnames == ["httpbin.example.com"])
  }

  @Test("HTTPRoute status: each controller upserts its own parent entries and prunes stale ones")
  func routeStatus() throws {
    var route = HTTPRoute(try Self.object(Self.route))
    let service = ParentReference(group: "", kind: "Service", name: "httpbin-ambient", port: 8000)
    let edge = ParentReference(namespace: "infra", name: "edge", sectionName: "https")
    let mesh = "istio.io/mesh-controller"
    route.statusParents = [
      RouteParentStatus(
        parentRef: edge, controllerName: "example.com/other",
        conditions: [Condition(type: "Accepted", status: "True", lastTransitionTime: Self.now)])
    ]

    route.setParentCondition(
      Condition(type: "Accepted", isTrue: true), parentRef: service, controllerName: mesh, now: Self.now)
    let later = Self.now.addingTimeInterval(60)
    route.setParentCondition(
      Condition(type: "Accepted", isTrue: true, reason: "Accepted"), parentRef: service, controllerName: mesh,
      now: later)
    route.setParentCondition(
      Condition(type: "ResolvedRefs", isTrue: false, reason: "BackendNotFound"), parentRef: service,
      controllerName: mesh, now: later)

    let parents = route.statusParents
    #expect(parents.count == 2)
    #expect(parents[0].controllerName == "example.com/other")
    let ours = parents[1]
    #expect(ours.parentRef == service)
    #expect(ours.conditions.map(\.type) == ["Accepted", "ResolvedRefs"])
    #expect(ours.conditions[0].lastTransitionTime == Self.now)
    #expect(ours.conditions[0].reason == "Accepted")
    #expect(ours.conditions[1].lastTransitionTime == later)

    // The same parent written with its namespace spelled out is the same entry.
    let explicit = ParentReference(
      group: "", kind: "Service", namespace: "ambient-apps", name: "httpbin-ambient", port: 8000)
    route.setParentCondition(
      Condition(type: "Accepted", isTrue: false), parentRef: explicit, controllerName: mesh, now: later)
    #expect(route.statusParents.count == 2)
    #expect(route.statusParents[1].conditions.condition("Accepted")?.status == "False")

    var parentRefs = route.parentRefs
    parentRefs.removeAll { $0.kind == "Service" }
    route.parentRefs = parentRefs
    route.pruneStatusParents(controllerName: mesh)
    #expect(route.statusParents.map(\.controllerName) == ["example.com/other"])
    route.pruneStatusParents(controllerName: "example.com/other")
    #expect(route.statusParents.count == 1)
    route.statusParents = []
    #expect(route.object.json.value(at: ["status", "parents"]) == [])
  }
}
