import DevCluster
import Foundation
import Kube
import MeshTestSupport
import Testing

@Suite("Httpbin routes")
struct HttpbinRouteTests {
  static func request(_ target: String, headers: [(name: String, value: String)] = [], method: String = "GET")
    -> HttpbinRequest
  {
    HttpbinRequest(method: method, target: target, headers: [(name: "Host", value: "httpbin:8000")] + headers, peerAddress: "10.0.0.7")
  }

  static func json(_ response: HttpbinResponse) throws -> JSONValue { try JSONParser.parse(response.body) }

  @Test func headersAreSpelledAsWerkzeugSpellsThem() throws {
    let response = HttpbinRoutes.respond(
      to: Self.request(
        "/headers",
        headers: [
          (name: "user-agent", value: "curl/8"), (name: "x-b3-traceid", value: "abc"), (name: "X-Multi", value: "1"),
          (name: "x-multi", value: "2"), (name: "X-Forwarded-For", value: "1.2.3.4"),
        ]))
    let headers = try Self.json(response)["headers"]
    #expect(response.status == 200)
    #expect(headers?["User-Agent"] == "curl/8")
    #expect(headers?["X-B3-Traceid"] == "abc")
    #expect(headers?["X-Multi"] == "1,2")
    #expect(headers?["Host"] == "httpbin:8000")
    // Hidden like httpbin's ENV_HEADERS unless show_env is set.
    #expect(headers?["X-Forwarded-For"] == nil)
    let shown = try Self.json(
      HttpbinRoutes.respond(to: Self.request("/headers?show_env=1", headers: [(name: "X-Forwarded-For", value: "1.2.3.4")])))
    #expect(shown["headers"]?["X-Forwarded-For"] == "1.2.3.4")
  }

  @Test func originIsForwardedForOrPeer() throws {
    #expect(try Self.json(HttpbinRoutes.respond(to: Self.request("/ip"))) == ["origin": "10.0.0.7"])
    let forwarded = HttpbinRoutes.respond(to: Self.request("/ip", headers: [(name: "X-Forwarded-For", value: "9.9.9.9")]))
    #expect(try Self.json(forwarded) == ["origin": "9.9.9.9"])
  }

  @Test func getReportsArgsUrlAndOrigin() throws {
    let body = try Self.json(HttpbinRoutes.respond(to: Self.request("/get?a=1&b=x+y&a=2&c=%2F")))
    #expect(body["args"] == ["a": ["1", "2"], "b": "x y", "c": "/"])
    #expect(body["url"] == "http://httpbin:8000/get?a=1&b=x+y&a=2&c=%2F")
    #expect(body["origin"] == "10.0.0.7")
    #expect(Set(body.objectValue?.keys.map { $0 } ?? []) == ["args", "headers", "origin", "url"])
  }

  @Test(arguments: [("/status/418", 418), ("/status/204", 204), ("/status/503", 503), ("/status/abc", 400), ("/status/99", 400)])
  func statusAnswersTheCode(target: String, expected: Int) {
    #expect(HttpbinRoutes.respond(to: Self.request(target)).status == expected)
  }

  @Test func statusRedirectsPointAtRedirect() {
    let response = HttpbinRoutes.respond(to: Self.request("/status/302"))
    #expect(response.headers["Location"] == "/redirect/1")
    #expect(response.body.isEmpty)
  }

  @Test func delayIsCappedAtTenSeconds() throws {
    let capped = HttpbinRoutes.respond(to: Self.request("/delay/60"))
    #expect(capped.delay == .seconds(10))
    let short = HttpbinRoutes.respond(to: Self.request("/delay/2"))
    #expect(short.delay == .seconds(2))
    #expect(try Self.json(short)["url"] == "http://httpbin:8000/delay/2")
  }

  @Test func anythingEchoesMethodDataAndJSON() throws {
    var request = Self.request("/anything/x", method: "POST")
    request.headers.append((name: "Content-Type", value: "application/json"))
    request.body = Array(#"{"k": [1, true]}"#.utf8)
    let body = try Self.json(HttpbinRoutes.respond(to: request))
    #expect(body["method"] == "POST")
    #expect(body["json"] == ["k": [1, true]])
    #expect(body["data"] == #"{"k": [1, true]}"#)
  }

  @Test func unknownPathIs404AndWrongMethodIs405() {
    #expect(HttpbinRoutes.respond(to: Self.request("/nope")).status == 404)
    #expect(HttpbinRoutes.respond(to: Self.request("/headers", method: "POST")).status == 405)
  }

  @Test func jsonLayoutMatchesPythonIndentTwoSortedKeys() {
    let value = HttpbinJSON.object(["b": .string("é\""), "a": .object([:]), "c": .array([.string("x")])])
    #expect(value.pretty() == "{\n  \"a\": {},\n  \"b\": \"\\u00e9\\\"\",\n  \"c\": [\n    \"x\"\n  ]\n}")
  }
}

@Suite("Httpbin server with curl")
struct HttpbinCurlTests {
  @Test func curlGetsHttpbinJSONOverOneKeptAliveConnection() async throws {
    let server = HttpbinServer()
    let port = try await server.start(host: "127.0.0.1", port: 0)
    defer { Task { await server.shutdown() } }
    let base = "http://127.0.0.1:\(port)"
    let headers = try await Tool.ok(["curl", "-sS", "-H", "X-Test-Header: yes", "\(base)/headers"])
    let parsed = try JSONParser.parse(headers)
    #expect(parsed["headers"]?["X-Test-Header"] == "yes")
    #expect(parsed["headers"]?["Host"] == .string("127.0.0.1:\(port)"))
    #expect(parsed["headers"]?["User-Agent"]?.stringValue?.hasPrefix("curl/") == true)
    let ip = try JSONParser.parse(try await Tool.ok(["curl", "-sS", "\(base)/ip"]))
    #expect(ip == ["origin": "127.0.0.1"])
    // Two requests in one curl run: the second reuses the connection (keep-alive).
    let twice = try await Tool.ok([
      "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\n", "\(base)/get?x=1", "\(base)/status/418",
    ])
    #expect(twice.split(separator: "\n") == ["200 1", "418 0"])
    let delayed = try JSONParser.parse(try await Tool.ok(["curl", "-sS", "\(base)/delay/1?d=1"]))
    #expect(delayed["args"] == ["d": "1"])
  }
}
