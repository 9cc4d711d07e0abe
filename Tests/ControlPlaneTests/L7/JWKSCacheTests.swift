import AdminHTTP
import ControlPlane
import Foundation
import MeshTestSupport
import NIOCore
import Synchronization
import Testing

/// The JWKS cache against a real HTTP server on 127.0.0.1 serving the walkthrough's key set.
@Suite("JWKS cache")
struct JWKSCacheTests {
  static let fixture = Walkthrough.repositoryRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/fixtures/jwt/jwks.json")

  /// What the test server answers with; changed while the cache runs.
  final class Responder: Sendable {
    let answer = Mutex<(status: Int, body: String)>((200, ""))
    let requests = Mutex(0)
    func set(_ status: Int, _ body: String) { answer.withLock { $0 = (status, body) } }
  }

  static func withServer(_ body: (String, Responder) async throws -> Void) async throws {
    let responder = Responder()
    let server = AdminHTTPServer(host: "127.0.0.1", port: 0) { _ in
      responder.requests.withLock { $0 += 1 }
      let (status, text) = responder.answer.withLock { $0 }
      return AdminResponse(status: status, contentType: "application/json", body: Array(text.utf8))
    }
    let channel = try await server.bind()
    let port = try #require(channel.localAddress?.port)
    do {
      try await body("http://127.0.0.1:\(port)/jwks.json", responder)
    } catch {
      try? await channel.close()
      throw error
    }
    try? await channel.close()
  }

  @Test("fetches the key set, refreshes it, and keeps the last good keys through a failure")
  func fetchRefreshAndFailure() async throws {
    let fixture = try String(contentsOf: Self.fixture, encoding: .utf8)
    try await Self.withServer { uri, responder in
      responder.set(200, fixture)
      let cache = JWKSCache(
        fetcher: HTTPJWKSFetcher(), refreshInterval: .milliseconds(50), retryInitial: .milliseconds(20))
      defer { cache.stop() }
      let changes = Mutex(0)
      cache.onChange { changes.withLock { $0 += 1 } }
      cache.want([uri])
      let fetched = await eventually(timeout: .seconds(20)) {
        cache.snapshot()[uri]?.keys?.contains("DHFbpoIUqrY8t2zpA2qXfCmr5VO5ZEr4RzHU_-envvQ") == true
      }
      #expect(fetched)
      #expect(changes.withLock { $0 } >= 1)

      responder.set(200, #"{"keys":[{"kty":"EC","kid":"rotated","crv":"P-256","x":"a","y":"b"}]}"#)
      let refreshed = await eventually(timeout: .seconds(20)) { cache.snapshot()[uri]?.keys?.contains("rotated") == true }
      #expect(refreshed)

      responder.set(500, "boom")
      let failed = await eventually(timeout: .seconds(20)) { cache.snapshot()[uri]?.lastError != nil }
      #expect(failed)
      let state = try #require(cache.snapshot()[uri])
      #expect(state.keys?.contains("rotated") == true)
      #expect(state.lastError?.contains("500") == true)

      responder.set(200, fixture)
      let recovered = await eventually(timeout: .seconds(20)) { cache.snapshot()[uri]?.lastError == nil }
      #expect(recovered)
    }
  }

  @Test("garbage is rejected with a clear message and never replaces keys")
  func garbage() async throws {
    try await Self.withServer { uri, responder in
      responder.set(200, "<html>not a key set</html>")
      let cache = JWKSCache(fetcher: HTTPJWKSFetcher(), refreshInterval: .seconds(600), retryInitial: .milliseconds(20))
      defer { cache.stop() }
      cache.want([uri])
      let failed = await eventually(timeout: .seconds(20)) { cache.snapshot()[uri]?.lastError != nil }
      #expect(failed)
      let state = try #require(cache.snapshot()[uri])
      #expect(state.keys == nil)
      #expect(state.lastError?.contains("is not JSON") == true)
    }
  }

  @Test("an unreachable URI reports the connection error; URIs no longer wanted are forgotten")
  func unreachableAndForget() async throws {
    let cache = JWKSCache(fetcher: HTTPJWKSFetcher(timeout: .seconds(2)), retryInitial: .milliseconds(50))
    defer { cache.stop() }
    let uri = "http://127.0.0.1:1/jwks.json"
    cache.want([uri])
    let failed = await eventually(timeout: .seconds(20)) { cache.snapshot()[uri]?.lastError != nil }
    #expect(failed)
    #expect(cache.snapshot()[uri]?.lastError?.contains("fetching \(uri) failed") == true)
    cache.want([])
    #expect(cache.snapshot().isEmpty)
  }

  struct DocumentCase: Sendable, CustomTestStringConvertible {
    var json: String
    var problem: String?
    var testDescription: String { json }
  }

  @Test(
    "JWKS documents are validated",
    arguments: [
      DocumentCase(json: #"{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}"#, problem: nil),
      DocumentCase(json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"a"},{"kty":"oct","k":"a"}]}"#, problem: nil),
      DocumentCase(json: "[]", problem: "not a JSON object"),
      DocumentCase(json: #"{"key":[]}"#, problem: "no \"keys\" array"),
      DocumentCase(json: #"{"keys":[]}"#, problem: "\"keys\" array is empty"),
      DocumentCase(json: #"{"keys":["RSA"]}"#, problem: "keys[0] is not an object"),
      DocumentCase(json: #"{"keys":[{"n":"x"}]}"#, problem: "keys[0] has no \"kty\""),
      DocumentCase(json: #"{"keys":[{"kty":"DSA"}]}"#, problem: "keys[0].kty \"DSA\" is not one of"),
      DocumentCase(json: "{", problem: "is not JSON"),
    ])
  func documents(_ c: DocumentCase) {
    do {
      _ = try JWKSDocument.validate(c.json)
      #expect(c.problem == nil)
    } catch {
      #expect(c.problem.map { error.message.contains($0) } == true, "\(error.message)")
    }
  }
}
