import HBONE
import Logging
import MeshStore
import NIOCore
import NIOHTTP1
import NIOPosix
import Shared

/// Sends a request to a backend Service with the plan's retries and timeouts: picks an endpoint,
/// opens an HBONE tunnel to the pod's ztunnel with the waypoint's own identity (or plain TCP to
/// a pod outside the mesh), and exchanges one HTTP/1.1 request on it.
///
/// Each attempt gets a fresh CONNECT stream on a pooled HBONE connection (no TLS handshake per
/// request); endpoints that failed are avoided on the next attempt, as Envoy's
/// previous-hosts predicate does for Istio.
final class UpstreamForwarder: Sendable {
  let store: WorkloadStore
  let client: HBONEClient
  let credential: @Sendable () -> HBONECredential?
  let chooser: EndpointChooser
  let pool = UpstreamPool()
  let logger: Logger

  init(
    store: WorkloadStore, client: HBONEClient, credential: @escaping @Sendable () -> HBONECredential?,
    chooser: EndpointChooser, logger: Logger
  ) {
    self.store = store
    self.client = client
    self.credential = credential
    self.chooser = chooser
    self.logger = logger
  }

  /// Result of a whole forward (all attempts).
  struct Outcome: Sendable {
    var result: Result<UpstreamResponse, UpstreamFailure>
    var attempts: Int
  }

  func forward(
    _ request: UpstreamRequest, plan: ForwardPlan, sourceIP: IPAddress?, on loop: any EventLoop
  ) -> EventLoopFuture<Outcome> {
    let overall = loop.makePromise(of: Outcome.self)
    var timer: Scheduled<Void>?
    if let timeout = plan.timeout {
      timer = loop.scheduleTask(in: TimeAmount(timeout)) {
        overall.succeed(Outcome(result: .failure(.perTryTimeout), attempts: 0))
      }
    }
    attempt(1, request, plan: plan, failed: [], sourceIP: sourceIP, loop: loop, done: overall)
    return overall.futureResult.always { _ in timer?.cancel() }
  }

  private func attempt(
    _ number: Int, _ request: UpstreamRequest, plan: ForwardPlan, failed: Set<String>, sourceIP: IPAddress?,
    loop: any EventLoop, done: EventLoopPromise<Outcome>
  ) {
    var request = request
    request.head.headers.replaceOrAdd(name: "x-envoy-attempt-count", value: String(number))
    once(request, plan: plan, exclude: failed, loop: loop).whenComplete { result in
      let outcome: UpstreamOutcome
      var failedNow = failed
      let flat: Result<UpstreamResponse, UpstreamFailure>
      switch result {
      case .success(let response):
        outcome = .response(status: Int(response.head.status.code), grpcStatus: nil)
        flat = .success(response)
      case .failure(let error):
        let failure = (error as? AttemptFailure) ?? AttemptFailure(failure: .reset)
        outcome = failure.failure.outcome
        if let uid = failure.endpoint { failedNow.insert(uid) }
        flat = .failure(failure.failure)
      }
      if case .failure(.noHealthyEndpoint) = flat {
        done.succeed(Outcome(result: flat, attempts: number))
        return
      }
      guard plan.retry.shouldRetry(after: outcome, attemptsMade: number) else {
        done.succeed(Outcome(result: flat, attempts: number))
        return
      }
      // Envoy's default back-off: 25 ms base, doubling, jittered.
      let base = 25 << min(number - 1, 4)
      let delay = Int64.random(in: Int64(base / 2)...Int64(base))
      loop.scheduleTask(in: .milliseconds(delay)) {
        self.attempt(
          number + 1, request, plan: plan, failed: failedNow, sourceIP: sourceIP, loop: loop, done: done)
      }
    }
  }

  private struct AttemptFailure: Error {
    var failure: UpstreamFailure
    var endpoint: String?
  }

  /// One attempt: endpoint choice, connection, exchange, per-try timeout.
  private func once(
    _ request: UpstreamRequest, plan: ForwardPlan, exclude: Set<String>, loop: any EventLoop
  ) -> EventLoopFuture<UpstreamResponse> {
    let endpoint: BackendEndpoint
    switch BackendEndpoint.candidates(
      service: plan.serviceKey, port: plan.port, snapshot: store.snapshot, exclude: exclude)
    {
    case .failure(let failure):
      return loop.makeFailedFuture(AttemptFailure(failure: failure))
    case .success(let candidates):
      guard let chosen = chooser.choose(candidates) else {
        return loop.makeFailedFuture(AttemptFailure(failure: .noHealthyEndpoint("no candidates")))
      }
      endpoint = chosen
    }
    return exchange(request, with: endpoint, perTry: plan.retry.perTryTimeout, reuse: true, loop: loop)
  }

  /// One exchange with `endpoint`: on a pooled connection when one is idle (a pooled connection
  /// the backend closed meanwhile fails fast and is replaced by a new one, not counted as an
  /// attempt), else on a new tunnel or TCP connection.
  private func exchange(
    _ request: UpstreamRequest, with endpoint: BackendEndpoint, perTry: Duration?, reuse: Bool, loop: any EventLoop
  ) -> EventLoopFuture<UpstreamResponse> {
    let answer = loop.makePromise(of: UpstreamExchangeHandler.Answer.self)
    var timer: Scheduled<Void>?
    if let perTry {
      timer = loop.scheduleTask(in: TimeAmount(perTry)) {
        answer.fail(AttemptFailure(failure: .perTryTimeout, endpoint: endpoint.workload.uid))
      }
    }
    let handler = UpstreamExchangeHandler(request: request, promise: answer)
    let pooled = reuse ? pool.take(endpoint.poolKey, on: loop) : nil
    let opened: EventLoopFuture<any Channel>
    if let pooled {
      opened = loop.submit {
        try pooled.pipeline.syncOperations.addHandler(handler)
        return pooled
      }
    } else {
      let configure: @Sendable (any Channel) throws -> Void = { channel in
        let sync = channel.pipeline.syncOperations
        try sync.addHTTPClientHandlers()
        try sync.addHandler(handler)
      }
      opened =
        endpoint.viaHBONE
        ? openTunnel(to: endpoint, loop: loop, configure) : openTCP(to: endpoint, loop: loop, configure)
    }
    opened.whenFailure { error in
      answer.fail(
        AttemptFailure(failure: .connectFailure("\(endpoint.address): \(error)"), endpoint: endpoint.workload.uid))
    }
    let pool = self.pool
    opened.whenSuccess { channel in
      answer.futureResult.whenComplete { result in
        if case .success(let done) = result, done.reusable, channel.isActive {
          pool.put(channel, endpoint: endpoint.poolKey, on: loop)
        } else {
          channel.close(promise: nil)
        }
      }
    }
    let response = answer.futureResult
      .flatMapErrorThrowing { error in
        if let failure = error as? AttemptFailure { throw failure }
        throw AttemptFailure(failure: (error as? UpstreamFailure) ?? .reset, endpoint: endpoint.workload.uid)
      }
      .map { done in UpstreamResponse(head: done.head, body: done.body, endpoint: endpoint.address) }
      .always { _ in timer?.cancel() }
    guard pooled != nil else { return response }
    return response.flatMapError { error in
      guard let failure = error as? AttemptFailure, failure.failure == .reset else {
        return loop.makeFailedFuture(error)
      }
      return self.exchange(request, with: endpoint, perTry: perTry, reuse: false, loop: loop)
    }
  }

  private func openTunnel(
    to endpoint: BackendEndpoint, loop: any EventLoop, _ configure: @escaping @Sendable (any Channel) throws -> Void
  ) -> EventLoopFuture<any Channel> {
    guard let source = credential() else {
      return loop.makeFailedFuture(UpstreamFailure.connectFailure("the waypoint has no certificate yet"))
    }
    let identity: SpiffeIdentity
    do {
      identity = try endpoint.workload.identity()
    } catch {
      return loop.makeFailedFuture(UpstreamFailure.connectFailure("endpoint identity: \(error)"))
    }
    let peer: SocketAddress
    do {
      peer = try SocketAddress(ipAddress: "\(endpoint.ip)", port: Int(MeshPorts.hbone))
    } catch {
      return loop.makeFailedFuture(error)
    }
    let target = HBONETarget(
      source: source, sourceIP: nil, peer: peer, authority: endpoint.address, expectedIdentities: [identity])
    return client.open(target, on: loop).flatMap { stream in stream.attach(configure) }
  }

  private func openTCP(
    to endpoint: BackendEndpoint, loop: any EventLoop, _ configure: @escaping @Sendable (any Channel) throws -> Void
  ) -> EventLoopFuture<any Channel> {
    ClientBootstrap(group: loop)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .channelOption(.allowRemoteHalfClosure, value: true)
      .connectTimeout(.seconds(10))
      .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try configure(channel) } }
      .connect(host: "\(endpoint.ip)", port: endpoint.targetPort)
  }
}
