import Foundation
import Shared
import SwiftProtobuf
import Testing

@Suite("L7 wire codec")
struct L7WireCodecTests {
  static func sample() -> L7Service {
    var source = L7Source()
    source.principals = ["cluster.local/ns/a/sa/b"]
    source.notIpBlocks = ["10.0.0.0/8"]
    source.requestPrincipals = ["iss/sub"]
    var operation = L7Operation()
    operation.paths = ["/ip"]
    operation.notMethods = ["DELETE"]
    operation.ports = ["8000"]
    return L7Service(
      name: "httpbin", namespace: "apps", hostname: "httpbin.apps.svc.cluster.local",
      ports: [L7ServicePort(port: 8000, name: "http", protocol: .http), L7ServicePort(port: 9000, protocol: .tcp)],
      waypoint: "apps/waypoint",
      routes: [
        L7Route(
          route: "apps/r", ruleIndex: 1, port: 8000,
          matches: [
            L7RouteMatch(
              path: L7PathMatch(kind: .regularExpression, value: "/v[0-9]+"),
              headers: [L7StringMatch(kind: .regularExpression, name: "x", value: "a.*")],
              queryParams: [L7StringMatch(name: "q", value: "1")], method: "GET")
          ],
          filters: [
            .requestHeaderModifier(L7HeaderModifier(set: [L7Header(name: "a", value: "1")], add: [], remove: ["b"])),
            .responseHeaderModifier(L7HeaderModifier(add: [L7Header(name: "c", value: "2")])),
            .requestRedirect(
              L7Redirect(scheme: "https", hostname: "h", port: 8443, path: .replaceFullPath("/x"), statusCode: 301)),
            .urlRewrite(L7Rewrite(hostname: "h2", path: .replacePrefixMatch("/p"))),
          ],
          backends: [
            .service(key: "apps/b.apps.svc.cluster.local", port: 80, weight: 3),
            .invalid(reason: "no Service apps/gone", weight: 1),
          ],
          requestTimeout: .milliseconds(1500), backendRequestTimeout: .seconds(1))
      ],
      defaultPolicy: L7RoutePolicy(
        timeout: .seconds(2), retry: L7Retry(attempts: 3, perTryTimeout: .milliseconds(200), retryOn: ["5xx"]),
        fault: L7Fault(
          delay: L7Fault.Delay(fixedDelay: .seconds(1), percentage: 12.5),
          abort: L7Fault.Abort(httpStatus: 503, percentage: 100))),
      policies: [
        L7AuthorizationPolicy(
          name: "p", namespace: "apps", action: .deny,
          rules: [
            L7AuthorizationRule(
              from: [source], to: [operation],
              when: [L7Condition(key: "request.auth.claims[iss]", values: ["a"], notValues: ["b"])]),
            L7AuthorizationRule(),
          ])
      ],
      jwtProviders: [
        JWTProvider(
          source: "apps/ra", issuer: "iss", audiences: ["aud"], jwksURI: "https://x/jwks", jwks: #"{"keys":[]}"#,
          fromHeaders: [JWTHeaderLocation(name: "x-jwt", prefix: "Bearer ")], fromParams: ["t"], fromCookies: ["c"],
          forwardOriginalToken: true, outputClaimToHeaders: [JWTClaimHeader(header: "x-sub", claim: "sub")],
          outputPayloadToHeader: "x-payload")
      ])
  }

  @Test("a service configuration survives model → proto bytes → model unchanged")
  func roundTrip() throws {
    let original = Self.sample()
    let bytes: [UInt8] = try original.wire.serializedBytes()
    let decoded = try L7Service(wire: try Mesh_Waypoint_V1_WaypointService(serializedBytes: bytes))
    #expect(decoded == original)
    let minimal = L7Service(name: "s", namespace: "n", hostname: "s.n.svc.cluster.local", waypoint: "n/w")
    #expect(try L7Service(wire: minimal.wire) == minimal)
  }

  @Test("what the waypoint cannot read rejects the whole resource, naming the field")
  func rejects() throws {
    var unknownAction = Self.sample().wire
    unknownAction.policies[0].action = .UNRECOGNIZED(7)
    var emptyKeys = Self.sample().wire
    emptyKeys.jwtProviders[0].jwks = ""
    var unsetProtocol = Self.sample().wire
    unsetProtocol.ports[0].protocol = .unspecified
    var badFault = Self.sample().wire
    badFault.defaultPolicy.fault.abort.percentage = 101
    var emptyFilter = Self.sample().wire
    emptyFilter.routes[0].filters.append(Mesh_Waypoint_V1_Filter())
    let cases: [(Mesh_Waypoint_V1_WaypointService, String)] = [
      (unknownAction, "policies[0].action"), (emptyKeys, "jwt_providers[0].jwks"),
      (unsetProtocol, "ports[0].protocol"), (badFault, "default_policy.fault.abort.percentage"),
      (emptyFilter, "routes[0].filters[4]"),
    ]
    for (wire, field) in cases {
      #expect(throws: WireDecodingError.self) { try L7Service(wire: wire) }
      do {
        _ = try L7Service(wire: wire)
      } catch {
        #expect(error.field == field)
      }
    }
  }

  @Test(
    "L7Protocol follows Istio's explicit protocol selection",
    arguments: [
      (String?.none, String?.some("http-web"), L7Protocol.http),
      (String?.some("kubernetes.io/h2c"), String?.some("tcp"), L7Protocol.http2),
      (String?.some("grpc"), String?.none, L7Protocol.http2),
      (String?.none, String?.some("web"), L7Protocol.tcp),
      (String?.none, String?.none, L7Protocol.tcp),
      (String?.some("https"), String?.some("http"), L7Protocol.tcp),
    ])
  func protocols(appProtocol: String?, name: String?, expected: L7Protocol) {
    #expect(L7Protocol.declared(appProtocol: appProtocol, portName: name) == expected)
  }
}
