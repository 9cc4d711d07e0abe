import Foundation
import Shared
import Testing

@testable import WaypointAgent

/// Retries, timeouts and fault injection as Istio configures Envoy for them.
@Suite("L7 resilience")
struct ResilienceTests {
  @Test("Istio's default: 2 retries on connect-failure, refused-stream, gRPC unavailable/cancelled and 503")
  func istioDefault() {
    let policy = RetryPolicy(nil)
    #expect(policy == .istioDefault)
    #expect(policy.shouldRetry(after: .connectFailure, attemptsMade: 1))
    #expect(policy.shouldRetry(after: .refusedStream, attemptsMade: 2))
    #expect(!policy.shouldRetry(after: .connectFailure, attemptsMade: 3))
    #expect(policy.shouldRetry(after: .response(status: 503), attemptsMade: 1))
    #expect(!policy.shouldRetry(after: .response(status: 500), attemptsMade: 1))
    #expect(!policy.shouldRetry(after: .reset, attemptsMade: 1))
    #expect(policy.shouldRetry(after: .response(status: 200, grpcStatus: 14), attemptsMade: 1))
    #expect(!policy.shouldRetry(after: .response(status: 200, grpcStatus: 13), attemptsMade: 1))
  }

  @Test(
    "retryOn tokens keep Envoy's meanings",
    arguments: [
      ("5xx", UpstreamOutcome.response(status: 500), true),
      ("5xx", .reset, true),
      ("5xx", .perTryTimeout, true),
      ("5xx", .response(status: 404), false),
      ("gateway-error", .response(status: 502), true),
      ("gateway-error", .response(status: 500), false),
      ("gateway-error", .connectFailure, true),
      ("reset", .reset, true),
      ("reset", .connectFailure, true),
      ("reset", .response(status: 503), false),
      ("connect-failure", .connectFailure, true),
      ("connect-failure", .reset, false),
      ("refused-stream", .refusedStream, true),
      ("retriable-4xx", .response(status: 409), true),
      ("retriable-4xx", .response(status: 404), false),
      ("429,504", .response(status: 429), true),
      ("429,504", .response(status: 503), false),
      ("deadline-exceeded", .response(status: 200, grpcStatus: 4), true),
      ("resource-exhausted", .response(status: 200, grpcStatus: 8), true),
    ])
  func tokens(retryOn: String, outcome: UpstreamOutcome, retried: Bool) {
    let policy = RetryPolicy(L7Retry(attempts: 3, retryOn: retryOn.split(separator: ",").map(String.init)))
    #expect(policy.shouldRetry(after: outcome, attemptsMade: 1) == retried)
  }

  @Test("attempts 0 disables retries; a written retryOn drops the default 503; unknown tokens are reported")
  func writtenPolicies() {
    #expect(!RetryPolicy(L7Retry(attempts: 0)).shouldRetry(after: .connectFailure, attemptsMade: 1))
    let onlyCount = RetryPolicy(L7Retry(attempts: 5, perTryTimeout: .seconds(2)))
    #expect(onlyCount.shouldRetry(after: .response(status: 503), attemptsMade: 5))
    #expect(onlyCount.perTryTimeout == .seconds(2))
    let written = RetryPolicy(L7Retry(attempts: 2, retryOn: ["5xx"]))
    #expect(written.retriableStatusCodes.isEmpty)
    #expect(!written.shouldRetry(after: .connectFailure, attemptsMade: 3))
    let service = CompiledService(
      L7Test.service(defaultPolicy: L7RoutePolicy(retry: L7Retry(attempts: 1, retryOn: ["5xx", "bogus"]))))
    #expect(service.problems == ["retries.retryOn: bogus not supported by this waypoint; ignored"])
  }

  @Test("timeouts: the route's own win over the VirtualService's; zero means none")
  func timeouts() throws {
    let defaults = L7RoutePolicy(timeout: .seconds(10), retry: L7Retry(attempts: 2, perTryTimeout: .seconds(3)))
    let route = L7Route(
      route: "ambient-apps/r", ruleIndex: 0, matches: [L7RouteMatch(path: L7PathMatch(kind: .prefix, value: "/slow"))],
      backends: [.service(key: "ambient-apps/v1", port: 8000, weight: 1)], requestTimeout: .seconds(30),
      backendRequestTimeout: .seconds(5))
    let other = L7Route(
      route: "ambient-apps/o", ruleIndex: 0, backends: [.service(key: "ambient-apps/v1", port: 8000, weight: 1)])
    let service = CompiledService(L7Test.service(routes: [route, other], defaultPolicy: defaults))
    let slow = try #require(L7Test.decide(L7Test.request("GET", "/slow"), service).plan)
    #expect(slow.timeout == .seconds(30))
    #expect(slow.retry.perTryTimeout == .seconds(5))
    let fast = try #require(L7Test.decide(L7Test.request("GET", "/x"), service).plan)
    #expect(fast.timeout == .seconds(10))
    #expect(fast.retry.perTryTimeout == .seconds(3))
    let zero = CompiledService(L7Test.service(defaultPolicy: L7RoutePolicy(timeout: .zero)))
    #expect(L7Test.decide(L7Test.request(), zero).plan?.timeout == nil)
  }

  @Test("fault abort answers with its status after the delay; percentages follow the random source")
  func faults() throws {
    let fault = L7Fault(
      delay: L7Fault.Delay(fixedDelay: .milliseconds(500), percentage: 100),
      abort: L7Fault.Abort(httpStatus: 503, percentage: 50))
    let service = CompiledService(L7Test.service(defaultPolicy: L7RoutePolicy(fault: fault)))
    var low = FixedRandom(value: 0)
    let aborted = RequestPipeline.decide(L7Test.request(), service: service, now: L7Test.fixedNow, random: &low)
    #expect(
      aborted.response
        == LocalResponse(
          status: 503, headers: [L7Header(name: "content-type", value: "text/plain")], body: "fault filter abort",
          delay: .milliseconds(500), responseFlag: "FI", details: "fault_filter_abort"))
    var high = FixedRandom(value: .max)
    let delayed = RequestPipeline.decide(L7Test.request(), service: service, now: L7Test.fixedNow, random: &high)
    #expect(delayed.plan?.faultDelay == .milliseconds(500))

    var random = SeededRandom(seed: 7)
    var aborts = 0
    for _ in 0..<10_000 where FaultInjection.decide(fault, random: &random).abortStatus != nil { aborts += 1 }
    #expect((4_700...5_300).contains(aborts))
    var never = FixedRandom(value: 0)
    let zero = L7Fault(abort: L7Fault.Abort(httpStatus: 500, percentage: 0))
    #expect(FaultInjection.decide(zero, random: &never).abortStatus == nil)
  }
}
