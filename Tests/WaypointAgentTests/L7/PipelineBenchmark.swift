import Foundation
import Shared
import Testing

@testable import WaypointAgent

/// Per-request cost of `RequestPipeline.decide` for the walkthrough configuration. Run by hand
/// (`WAYPOINT_PIPELINE_BENCH=1 swift test -c release --filter PipelineBenchmark`); it prints
/// ns/request and asserts only that every decision was the expected one, never a timing.
@Suite("Pipeline benchmark", .enabled(if: ProcessInfo.processInfo.environment["WAYPOINT_PIPELINE_BENCH"] != nil))
struct PipelineBenchmark {
  @Test("walkthrough config: allowed with token, denied without, 401 tampered")
  func measure() throws {
    let service = try WalkthroughPipelineTests.service()
    let token = try L7Test.fixture("demo.jwt")
    let cases: [(String, L7Request, Int?)] = [
      ("GET /ip with valid RS256 token (forward)", WalkthroughPipelineTests.request("/ip", token: token), nil),
      ("GET /ip without token (403)", WalkthroughPipelineTests.request("/ip"), 403),
      ("GET /headers with token (403)", WalkthroughPipelineTests.request("/headers", token: token), 403),
      ("GET /ip bad signature (401)", WalkthroughPipelineTests.request("/ip", token: token.dropLast(4) + "AAAA"), 401),
      ("no policy, no JWT (forward)", WalkthroughPipelineTests.request("/ip"), nil),
    ]
    let empty = CompiledService(L7Test.service())
    for (index, (name, request, expected)) in cases.enumerated() {
      let target = index == cases.count - 1 ? empty : service
      var random = SeededRandom(seed: 1)
      let iterations = 20_000
      var mismatches = 0
      let start = ContinuousClock.now
      for _ in 0..<iterations {
        let decision = RequestPipeline.decide(request, service: target, now: L7Test.fixedNow, random: &random)
        if decision.status != expected { mismatches += 1 }
      }
      let elapsed = ContinuousClock.now - start
      let nanos = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
      print("pipeline bench: \(name): \(Int(nanos / Double(iterations))) ns/request")
      #expect(mismatches == 0, "\(name)")
    }
  }
}
