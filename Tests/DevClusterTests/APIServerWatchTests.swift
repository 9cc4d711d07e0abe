import Foundation
import Kube
import MeshTestSupport
import Testing

/// Watches over HTTP as client-go consumes them: resuming from a resourceVersion, 410 once the
/// history is compacted, bookmarks, selectors, and connections dropped by the server.
@Suite("Dev API server: watch")
struct APIServerWatchTests {
  static let shared = APIServerSharedHarness(bookmarkInterval: .milliseconds(100))

  private func version(of object: JSONValue) -> UInt64 {
    UInt64(object.value(at: ["metadata", "resourceVersion"])?.stringValue ?? "") ?? 0
  }

  /// A watch that the server ends after `timeoutSeconds`, read whole.
  private func watchEvents(_ api: APIServerHarness, _ path: String) async throws -> [JSONValue] {
    let result = try await api.curl("GET", path)
    #expect(result.status == 200, "\(result)")
    return result.text.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
  }

  @Test("a watch from a resourceVersion replays every later change in order")
  func resumeFromVersion() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("watch-resume")
    let collection = "/api/v1/namespaces/watch-resume/configmaps"
    let first = try await api.create(collection, APIServerHarness.configMap("a", namespace: "watch-resume"))
    let start = version(of: first)
    try await api.create(collection, APIServerHarness.configMap("b", namespace: "watch-resume"))
    let patched = try await api.curl(
      "PATCH", collection + "/a", body: #"{"data":{"k":"v"}}"#, contentType: "application/merge-patch+json")
    #expect(patched.status == 200)
    #expect(try await api.curl("DELETE", collection + "/b").status == 200)

    let events = try await watchEvents(api, collection + "?watch=true&resourceVersion=\(start)&timeoutSeconds=1")
    let summary = events.map {
      "\($0["type"]?.stringValue ?? "") \($0.value(at: ["object", "metadata", "name"])?.stringValue ?? "")"
    }
    #expect(summary == ["ADDED b", "MODIFIED a", "DELETED b"])
    let versions = events.map { version(of: $0["object"] ?? .null) }
    #expect(versions == versions.sorted() && versions.first! > start)

    let fromScratch = try await watchEvents(api, collection + "?watch=1&timeoutSeconds=1")
    let names = fromScratch.compactMap { $0.value(at: ["object", "metadata", "name"])?.stringValue }.sorted()
    #expect(fromScratch.allSatisfy { $0["type"] == "ADDED" })
    #expect(names == ["a", "kube-root-ca.crt"], "without a version, the current objects come first as ADDED")
  }

  @Test("selectors: an object that stops matching arrives as DELETED, one that starts matching as ADDED")
  func selectors() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("watch-selectors")
    let collection = "/api/v1/namespaces/watch-selectors/pods"
    let base = try await api.create(
      collection, APIServerHarness.pod("in", namespace: "watch-selectors", labels: ["app": "web"]))
    try await api.create(collection, APIServerHarness.pod("other", namespace: "watch-selectors", labels: ["app": "db"]))
    let relabel = #"{"metadata":{"labels":{"app":"db"}}}"#
    _ = try await api.curl("PATCH", collection + "/in", body: relabel, contentType: "application/merge-patch+json")
    _ = try await api.curl(
      "PATCH", collection + "/other", body: #"{"metadata":{"labels":{"app":"web"}}}"#,
      contentType: "application/merge-patch+json")
    let start = version(of: base)
    let labelled = try await watchEvents(
      api, collection + "?watch=true&labelSelector=app%3Dweb&resourceVersion=\(start)&timeoutSeconds=1")
    #expect(labelled.map { $0["type"]?.stringValue ?? "" } == ["DELETED", "ADDED"])
    #expect(labelled.map { $0.value(at: ["object", "metadata", "name"])?.stringValue ?? "" } == ["in", "other"])
    #expect(
      labelled.first?.value(at: ["object", "metadata", "labels", "app"]) == "web",
      "DELETED carries the last matching state")

    let byName = try await watchEvents(
      api, collection + "?watch=true&fieldSelector=metadata.name%3Dother&resourceVersion=\(start)&timeoutSeconds=1")
    #expect(byName.map { $0["type"]?.stringValue ?? "" } == ["ADDED", "MODIFIED"])

    let unsupported = try await api.curl("GET", collection + "?watch=true&fieldSelector=spec.bogus%3Dx")
    #expect(unsupported.status == 400)
    #expect(unsupported.message == "field label not supported: spec.bogus")
  }

  @Test("bookmarks carry only kind, apiVersion and the current resourceVersion")
  func bookmarks() async throws {
    let api = try await Self.shared.get()
    try await api.createNamespace("watch-bookmarks")
    let created = try await api.create(
      "/api/v1/namespaces/watch-bookmarks/configmaps", APIServerHarness.configMap("x", namespace: "watch-bookmarks"))
    let events = try await watchEvents(
      api,
      "/api/v1/namespaces/watch-bookmarks/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=\(version(of: created))&timeoutSeconds=1"
    )
    let bookmarks = events.filter { $0["type"] == "BOOKMARK" }
    #expect(!bookmarks.isEmpty)
    let object = try #require(bookmarks.first?["object"])
    #expect(object["kind"] == "ConfigMap" && object["apiVersion"] == "v1")
    #expect(version(of: object) >= version(of: created))
    #expect(object["data"] == nil)
    let plain = try await watchEvents(
      api,
      "/api/v1/namespaces/watch-bookmarks/configmaps?watch=true&resourceVersion=\(version(of: created))&timeoutSeconds=1"
    )
    #expect(plain.isEmpty, "no bookmarks unless asked for")
  }

  @Test("after compactHistory a watch from an older version gets one 410 ERROR event and ends")
  func expired() async throws {
    let api = try await APIServerHarness()
    let created = try await api.create(
      "/api/v1/namespaces/default/configmaps", APIServerHarness.configMap("old", namespace: "default"))
    let old = version(of: created)
    try await api.create(
      "/api/v1/namespaces/default/configmaps", APIServerHarness.configMap("new", namespace: "default"))
    api.server.compactHistory()
    let current = try await api.curl("GET", "/api/v1/namespaces/default/configmaps")
    let now = UInt64(current.json.value(at: ["metadata", "resourceVersion"])?.stringValue ?? "") ?? 0
    // No timeoutSeconds: the server itself must end the stream after the error.
    let events = try await watchEvents(api, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(old)")
    #expect(events.count == 1)
    #expect(events.first?["type"] == "ERROR")
    let status = try #require(events.first?["object"])
    #expect(status["code"] == 410 && status["reason"] == "Expired")
    #expect(status["message"]?.stringValue == "too old resource version: \(old) (\(now))")
    let fromNow = try await watchEvents(
      api, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(now)&timeoutSeconds=1")
    #expect(fromNow.isEmpty, "a watch from the current version is still fine")
    await api.stop()
  }

  @Test("a live watch sees objects created after it opened, and ends when the server drops watches")
  func liveAndDropped() async throws {
    let api = try await APIServerHarness()
    try await api.createNamespace("watch-live")
    let collection = "/api/v1/namespaces/watch-live/configmaps"
    let watch = try APIServerBackgroundProcess(
      [
        "curl", "-sS", "-N", "--cacert", api.caPath, "-H", "Authorization: Bearer \(api.server.adminToken)",
        api.server.serverURL + collection + "?watch=true",
      ], outputPath: api.directory.path("watch.out"))
    defer { watch.stop() }
    let opened = await eventually(timeout: .seconds(10)) {
      watch.events.contains { $0.value(at: ["object", "metadata", "name"]) == "kube-root-ca.crt" }
    }
    #expect(opened, "initial ADDED events: \(watch.output)")
    try await api.create(collection, APIServerHarness.configMap("late", namespace: "watch-live"))
    let delivered = await eventually(timeout: .seconds(10)) {
      watch.events.contains { $0["type"] == "ADDED" && $0.value(at: ["object", "metadata", "name"]) == "late" }
    }
    #expect(delivered, "\(watch.output)")
    api.server.dropWatches()
    let ended = await eventually(timeout: .seconds(10)) { !watch.isRunning }
    #expect(ended, "curl sees the connection close")
    await api.stop()
  }
}
