import Foundation
import Kube
import MeshTestSupport
import Testing

@testable import DevCluster

/// `pods/<id>/proxy` end to end: kubectl and curl through the dev API server to a "pod" whose
/// status says 127.0.0.1, served by a loopback recorder that shows what reached it.
@Suite("Dev API server: pods/proxy")
struct PodProxyTests {
  static let shared = APIServerSharedHarness()

  /// A pod in `namespace` that the API says runs at 127.0.0.1 (no node runner needed).
  private static func runningPod(
    _ name: String, namespace: String, api: APIServerHarness, containerPort: Int? = nil, podIP: String? = "127.0.0.1"
  ) async throws {
    var container: JSONValue = ["name": "app", "image": "busybox"]
    if let containerPort { container["ports"] = [["containerPort": .int(Int64(containerPort))]] }
    try await api.create(
      "/api/v1/namespaces/\(namespace)/pods",
      [
        "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": .string(namespace)],
        "spec": ["containers": [container]],
      ])
    var status: JSONValue = ["phase": "Running"]
    if let podIP {
      status["podIP"] = .string(podIP)
      status["podIPs"] = [["ip": .string(podIP)]]
    }
    let patch: JSONValue = ["status": status]
    let patched = try await api.curl(
      "PATCH", "/api/v1/namespaces/\(namespace)/pods/\(name)/status", body: patch.jsonText,
      contentType: "application/merge-patch+json")
    guard patched.status == 200 else { throw ToolFailureReport("patching the status of pod \(name): \(patched)") }
  }

  /// curl's whole answer: status line, headers (names lower-cased) and body.
  private static func curlWithHeaders(
    _ api: APIServerHarness, _ method: String, _ path: String, headers: [String] = [], body: String? = nil
  ) async throws -> (status: Int, headers: [String: String], body: String) {
    var arguments = [
      "curl", "-sS", "-i", "--cacert", api.caPath, "-X", method, "-H", "Authorization: Bearer \(api.server.adminToken)",
    ]
    for header in headers { arguments += ["-H", header] }
    if body != nil { arguments += ["--data-binary", "@-"] }
    arguments.append(api.server.serverURL + path)
    let result = try await Tool.run(arguments, input: body)
    guard result.status == 0, let split = result.stdout.range(of: "\r\n\r\n") else {
      throw ToolFailureReport("curl \(method) \(path) failed (\(result.status)): \(result.stderr)")
    }
    let lines = result.stdout[..<split.lowerBound].components(separatedBy: "\r\n")
    let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
    var fields: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return (status, fields, String(result.stdout[split.upperBound...]))
  }

  @Test("kubectl get --raw reaches the pod's port with the path and query, without the caller's token")
  func kubectlGetRaw() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("proxy-get")
    let pod = try LoopbackHTTPRecorder(headers: [("Content-Type", "text/plain")], body: "hello from the pod")
    defer { pod.stop() }
    try await Self.runningPod("web", namespace: "proxy-get", api: api)

    let output = try await api.kubectl([
      "get", "--raw", "/api/v1/namespaces/proxy-get/pods/web:\(pod.port)/proxy/hello?x=1",
    ])
    #expect(output == "hello from the pod")
    let seen = try #require(pod.requests.first)
    #expect(seen.requestLine == "GET /hello?x=1 HTTP/1.1")
    #expect(seen.headers["authorization"] == nil)
    #expect(seen.headers["x-forwarded-uri"] == "/api/v1/namespaces/proxy-get/pods/web:\(pod.port)/proxy/hello")
    #expect(seen.headers["x-forwarded-for"] == "127.0.0.1")
  }

  @Test(
    "POST with a body: method, body and headers reach the pod; its status and headers come back, hop-by-hop ones dropped"
  )
  func postForwarded() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("proxy-post")
    let pod = try LoopbackHTTPRecorder(
      status: "201 Created", headers: [("X-Pod", "yes"), ("Keep-Alive", "timeout=5"), ("Content-Type", "text/plain")],
      body: "made")
    defer { pod.stop() }
    try await Self.runningPod("api", namespace: "proxy-post", api: api)

    let answer = try await Self.curlWithHeaders(
      api, "POST", "/api/v1/namespaces/proxy-post/pods/http:api:\(pod.port)/proxy/items/%2Fa?dry=1&b=x%20y",
      headers: ["Content-Type: application/json", "X-Caller: 1", "Connection: X-Secret", "X-Secret: s"],
      body: #"{"name":"n"}"#)
    #expect(answer.status == 201)
    #expect(answer.body == "made")
    #expect(answer.headers["x-pod"] == "yes")
    #expect(answer.headers["keep-alive"] == nil)
    #expect(answer.headers["content-length"] == "4")
    let seen = try #require(pod.requests.first)
    // The path as sent, still encoded: `%2F` is not a separator for the pod.
    #expect(seen.requestLine == "POST /items/%2Fa?dry=1&b=x%20y HTTP/1.1")
    #expect(seen.body == #"{"name":"n"}"#)
    #expect(seen.headers["content-type"] == "application/json")
    #expect(seen.headers["content-length"] == "12")
    #expect(seen.headers["x-caller"] == "1")
    // Named in Connection, so hop-by-hop; and never the caller's credentials for the API server.
    #expect(seen.headers["x-secret"] == nil)
    #expect(seen.headers["authorization"] == nil)
  }

  @Test("without a port, the first declared containerPort; a bare /proxy redirects to /proxy/")
  func defaultPortAndRedirect() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("proxy-default")
    let pod = try LoopbackHTTPRecorder(status: "302 Found", headers: [("Location", "/login?next=%2F")])
    defer { pod.stop() }
    try await Self.runningPod("declared", namespace: "proxy-default", api: api, containerPort: pod.port)

    let answer = try await Self.curlWithHeaders(api, "GET", "/api/v1/namespaces/proxy-default/pods/declared/proxy/")
    #expect(pod.requests.first?.requestLine == "GET / HTTP/1.1")
    // The pod's redirect stays behind the proxy, as kube-apiserver rewrites it.
    #expect(answer.status == 302)
    #expect(answer.headers["location"] == "/api/v1/namespaces/proxy-default/pods/declared/proxy/login?next=%2F")

    let bare = try await Self.curlWithHeaders(api, "GET", "/api/v1/namespaces/proxy-default/pods/declared/proxy?a=1")
    #expect(bare.status == 301)
    #expect(bare.headers["location"] == "/api/v1/namespaces/proxy-default/pods/declared/proxy/?a=1")
  }

  @Test("errors are Status objects: unknown pod 404, no IP 503, nothing listening 503, bad id or port 400")
  func errors() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("proxy-errors")
    let closed = try LoopbackHTTPRecorder()
    let closedPort = closed.port
    closed.stop()  // a port that was just free: nothing listens there now
    try await Self.runningPod("up", namespace: "proxy-errors", api: api)
    try await Self.runningPod("pending", namespace: "proxy-errors", api: api, podIP: nil)

    let missing = try await api.curl("GET", "/api/v1/namespaces/proxy-errors/pods/nope:80/proxy/")
    #expect(missing.status == 404)
    #expect(missing.json["kind"] == "Status")
    #expect(missing.message == #"pods "nope" not found"#)

    let noIP = try await api.curl("GET", "/api/v1/namespaces/proxy-errors/pods/pending:80/proxy/")
    #expect(noIP.status == 503)
    #expect(noIP.reason == "ServiceUnavailable")
    #expect(noIP.message?.contains("pod proxy-errors/pending has no IP address") == true, "\(noIP)")

    let refused = try await api.curl("GET", "/api/v1/namespaces/proxy-errors/pods/up:\(closedPort)/proxy/x")
    #expect(refused.status == 503)
    #expect(refused.reason == "ServiceUnavailable")
    #expect(
      refused.message == "error trying to reach service: dial tcp 127.0.0.1:\(closedPort): connect: connection refused",
      "\(refused)")

    let kubectl = try await api.kubectlResult([
      "get", "--raw", "/api/v1/namespaces/proxy-errors/pods/up:\(closedPort)/proxy/x",
    ])
    #expect(kubectl.status != 0)
    #expect(kubectl.stderr.contains("connection refused"), "\(kubectl.stderr)")

    for id in ["up:http", "up:0", "up:70000", "ftp:up:80", "a:b:c:d"] {
      let bad = try await api.curl("GET", "/api/v1/namespaces/proxy-errors/pods/\(id)/proxy/")
      #expect(bad.status == 400, "\(id): \(bad)")
      #expect(bad.reason == "BadRequest")
    }
    let trace = try await api.curl("TRACE", "/api/v1/namespaces/proxy-errors/pods/up:80/proxy/")
    #expect(trace.status == 405)
  }

  @Test("authentication as for every path: anonymous 401; a service-account token proxies (no RBAC here)")
  func authentication() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("proxy-auth")
    let pod = try LoopbackHTTPRecorder(body: "ok")
    defer { pod.stop() }
    try await Self.runningPod("web", namespace: "proxy-auth", api: api)
    let path = "/api/v1/namespaces/proxy-auth/pods/web:\(pod.port)/proxy/"

    let anonymous = try await api.curl("GET", path, token: .none)
    #expect(anonymous.status == 401)
    #expect(anonymous.reason == "Unauthorized")
    #expect(pod.requests.isEmpty)

    try await api.create(
      "/api/v1/namespaces/proxy-auth/serviceaccounts",
      ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "reader", "namespace": "proxy-auth"]])
    let issued = try await api.curl(
      "POST", "/api/v1/namespaces/proxy-auth/serviceaccounts/reader/token",
      body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}"#)
    let token = try #require(issued.json.value(at: ["status", "token"])?.stringValue)
    // The dev cluster does not enforce RBAC (see `APIService`): kube-apiserver would answer 403
    // to an account without `get` on `pods/proxy`.
    let asAccount = try await api.curl("GET", path, token: .bearer(token))
    #expect(asAccount.status == 200)
    #expect(asAccount.text == "ok")
    #expect(pod.requests.count == 1)
    #expect(pod.requests.first?.headers["authorization"] == nil)
  }

  @Test("discovery lists pods/proxy with kube-apiserver's verbs")
  func discovery() async throws {
    let api = try await Self.shared.get()
    let output = try await api.kubectl(["get", "--raw", "/api/v1"])
    let resources = try JSONParser.parse(output)["resources"]?.arrayValue ?? []
    let proxy = try #require(resources.first { $0["name"] == "pods/proxy" })
    #expect(proxy["kind"] == "PodProxyOptions")
    #expect(proxy["namespaced"] == true)
    #expect(proxy["verbs"] == ["create", "delete", "get", "patch", "update"])
  }
}

/// The pure parts: ids, ports, paths, redirects.
@Suite("Dev API server: pods/proxy decisions")
struct PodProxyLogicTests {
  private static func pod(
    ports: [[Int]] = [], podIP: String? = "10.244.1.5", phase: String = "Running"
  ) throws
    -> KubeObject
  {
    let containers: [JSONValue] = ports.enumerated().map { index, list in
      ["name": .string("c\(index)"), "ports": .array(list.map { ["containerPort": .int(Int64($0))] })]
    }
    var status: JSONValue = ["phase": .string(phase)]
    if let podIP { status["podIP"] = .string(podIP) }
    let json: JSONValue = [
      "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "ns"],
      "spec": ["containers": .array(containers)], "status": status,
    ]
    return try KubeObject(json: json)
  }

  @Test(
    "ids split as kube-apiserver's SplitSchemeNamePort splits them",
    arguments: [
      ("p", PodProxyTarget.ID(scheme: .http, name: "p", port: nil)),
      ("p:8080", PodProxyTarget.ID(scheme: .http, name: "p", port: "8080")),
      ("https:p:8443", PodProxyTarget.ID(scheme: .https, name: "p", port: "8443")),
      ("p:", PodProxyTarget.ID(scheme: .http, name: "p", port: nil)),
    ])
  func ids(id: String, expected: PodProxyTarget.ID) throws {
    #expect(try PodProxyTarget.ID.parse(id) == expected)
  }

  @Test("the port: the id's, else the first container port declared, else the scheme's default")
  func ports() throws {
    let http = try PodProxyTarget.ID.parse("p")
    #expect(try PodProxyTarget.resolve(http, in: Self.pod(ports: [[], [9000, 9001]])).port == 9000)
    #expect(try PodProxyTarget.resolve(http, in: Self.pod()).port == 80)
    #expect(try PodProxyTarget.resolve(PodProxyTarget.ID.parse("https:p:"), in: Self.pod()).port == 443)
    let explicit = try PodProxyTarget.resolve(PodProxyTarget.ID.parse("p:15000"), in: Self.pod(ports: [[9000]]))
    #expect(explicit == PodProxyTarget(scheme: .http, address: "10.244.1.5", port: 15000))
    #expect(PodProxyTarget(scheme: .http, address: "fd00::5", port: 80).hostPort == "[fd00::5]:80")
  }

  @Test("a pod without an IP or that has completed is unavailable, naming the pod")
  func unavailable() throws {
    let id = try PodProxyTarget.ID.parse("p:80")
    for pod in [try Self.pod(podIP: nil, phase: "Pending"), try Self.pod(phase: "Succeeded")] {
      #expect {
        try PodProxyTarget.resolve(id, in: pod)
      } throws: { error in
        guard let error = error as? KubeAPIError else { return false }
        return error.code == 503 && error.message.contains("pod ns/p")
      }
    }
  }

  @Test("the pod's path is the raw rest after the proxy segment")
  func paths() {
    let prefix = "/api/v1/namespaces/ns/pods/p:80/proxy"
    #expect(APIService.splitProxyPath(prefix)! == (prefix, ""))
    #expect(APIService.splitProxyPath(prefix + "/")! == (prefix, "/"))
    #expect(APIService.splitProxyPath(prefix + "/a/%2F/b")! == (prefix, "/a/%2F/b"))
    #expect(
      APIPath.parse(prefix + "/a/b")
        == .resource(
          .init(group: "", version: "v1", namespace: "ns", resource: "pods", name: "p:80", subresource: "proxy")))
    #expect(APIPath.parse("/api/v1/namespaces/ns/pods/p/status/x") == .unknown)
  }

  @Test(
    "redirects to the pod become proxy paths; others stay",
    arguments: [
      ("/login", "/api/v1/namespaces/ns/pods/p:80/proxy/login"),
      ("http://10.244.1.5:80/a?b=1#c", "/api/v1/namespaces/ns/pods/p:80/proxy/a?b=1#c"),
      ("http://10.244.1.5/a/", "/api/v1/namespaces/ns/pods/p:80/proxy/a/"),
      ("/api/v1/namespaces/ns/pods/p:80/proxy/x", "/api/v1/namespaces/ns/pods/p:80/proxy/x"),
      ("https://127.0.0.1:6443/next", "https://127.0.0.1:6443/api/v1/namespaces/ns/pods/p:80/proxy/next"),
      ("http://example.com/a", "http://example.com/a"),
      ("relative/path", "relative/path"),
      ("//other/host", "//other/host"),
    ])
  func locations(location: String, expected: String) {
    let target = PodProxyTarget(scheme: .http, address: "10.244.1.5", port: 80)
    #expect(
      PodProxyLocation.rewrite(
        location, target: target, callerHost: "127.0.0.1:6443", prefix: "/api/v1/namespaces/ns/pods/p:80/proxy")
        == expected)
  }
}
