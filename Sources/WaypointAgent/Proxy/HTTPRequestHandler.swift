import Foundation
import Logging
import MeshStore
import NIOCore
import NIOHTTP1
import Shared

/// Serves the HTTP/1.1 requests inside one HBONE tunnel: buffers each request, asks the pure
/// `RequestPipeline` what to do, answers locally (401, 403, 404, fault abort, redirect) or
/// forwards through `UpstreamForwarder`, then writes the response, counts it and logs it.
/// Requests on one tunnel are answered in order (NIO's pipelining handler holds later ones).
final class HTTPRequestHandler: ChannelInboundHandler, @unchecked Sendable {
  // @unchecked: used on its channel's event loop only.
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  /// Largest request body the waypoint buffers (for retries); more is answered 413.
  static let maxBodyBytes = 4 << 20

  private let tunnel: TunnelContext
  private let services: WaypointServiceStore
  private let workloads: WorkloadStore
  private let forwarder: UpstreamForwarder
  private let metrics: RequestMetrics
  private let logger: Logger
  private var head: HTTPRequestHead?
  private var body = ByteBuffer()
  private var rejected = false

  init(
    tunnel: TunnelContext, services: WaypointServiceStore, workloads: WorkloadStore, forwarder: UpstreamForwarder,
    metrics: RequestMetrics, logger: Logger
  ) {
    self.tunnel = tunnel
    self.services = services
    self.workloads = workloads
    self.forwarder = forwarder
    self.metrics = metrics
    self.logger = logger
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let requestHead):
      head = requestHead
      body.clear()
      rejected = false
      if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init), length > Self.maxBodyBytes {
        reject(context: context, requestHead, status: 413, details: "request_payload_too_large")
      }
    case .body(var chunk):
      guard !rejected else { return }
      body.writeBuffer(&chunk)
      if body.readableBytes > Self.maxBodyBytes, let head {
        reject(context: context, head, status: 413, details: "request_payload_too_large")
      }
    case .end:
      guard let requestHead = head, !rejected else { return }
      head = nil
      handle(requestHead, body: body, context: context)
    }
  }

  private func reject(context: ChannelHandlerContext, _ requestHead: HTTPRequestHead, status: Int, details: String) {
    rejected = true
    let started = ContinuousClock.now
    let local = LocalResponse(status: status, details: details)
    write(local, keepAlive: false, context: context)
    finish(requestHead, status: status, flags: "-", details: details, started: started, endpoint: nil, context: context)
    context.close(promise: nil)
  }

  private func handle(_ requestHead: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
    let started = ContinuousClock.now
    let keepAlive = requestHead.isKeepAlive
    guard let service = services.service(tunnel.serviceKey) else {
      // Configuration not (yet) received for this Service: fail closed.
      let local = LocalResponse(status: 503, responseFlag: "NC", details: "no_waypoint_configuration")
      write(local, keepAlive: keepAlive, context: context)
      finish(
        requestHead, status: 503, flags: "NC", details: local.details, started: started, endpoint: nil, context: context
      )
      return
    }
    let request = L7Request(
      head: requestHead, sourceIP: tunnel.sourceIP, sourceIdentity: tunnel.peerIdentity,
      destinationIP: tunnel.destinationIP, destinationPort: tunnel.destinationPort)
    var random = SystemRandomNumberGenerator()
    let decision = RequestPipeline.decide(request, service: service, now: Date(), random: &random)
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    switch decision {
    case .respond(let local):
      after(local.delay, on: context.eventLoop) {
        let (handler, context) = bound.value
        handler.write(local, keepAlive: keepAlive, context: context)
        handler.finish(
          requestHead, status: local.status, flags: local.responseFlag, details: local.details, started: started,
          endpoint: nil, context: context)
      }
    case .forward(let plan):
      var upstreamHead = Self.upstreamHead(requestHead, plan: plan, tunnel: tunnel)
      if body.readableBytes > 0 || requestHead.headers.contains(name: "content-length") {
        upstreamHead.headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))
      }
      let upstream = UpstreamRequest(head: upstreamHead, body: body)
      let sourceIP = tunnel.sourceIP
      let forwarder = self.forwarder
      let loop = context.eventLoop
      after(plan.faultDelay, on: loop) {
        forwarder.forward(upstream, plan: plan, sourceIP: sourceIP, on: loop).whenSuccess { outcome in
          let (handler, context) = bound.value
          handler.respond(
            outcome, plan: plan, request: requestHead, keepAlive: keepAlive, started: started, context: context)
        }
      }
    }
  }

  private func respond(
    _ outcome: UpstreamForwarder.Outcome, plan: ForwardPlan, request: HTTPRequestHead, keepAlive: Bool,
    started: ContinuousClock.Instant, context: ChannelHandlerContext
  ) {
    switch outcome.result {
    case .success(var response):
      response.head.headers.apply(plan.responseEdits)
      var headers = Self.endToEnd(response.head.headers)
      headers.replaceOrAdd(name: "content-length", value: String(response.body.readableBytes))
      if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
      let head = HTTPResponseHead(version: request.version, status: response.head.status, headers: headers)
      context.write(wrapOutboundOut(.head(head)), promise: nil)
      if response.body.readableBytes > 0 {
        context.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil)
      }
      context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
      finish(
        request, status: Int(response.head.status.code), flags: "-", details: "via_upstream", started: started,
        endpoint: response.endpoint, context: context)
    case .failure(let failure):
      let (status, flag, details) = Self.localAnswer(for: failure)
      write(LocalResponse(status: status, responseFlag: flag, details: details), keepAlive: keepAlive, context: context)
      finish(request, status: status, flags: flag, details: details, started: started, endpoint: nil, context: context)
    }
  }

  /// Envoy's local answers when no backend response came (status, response flag, details).
  static func localAnswer(for failure: UpstreamFailure) -> (Int, String, String) {
    switch failure {
    case .noHealthyEndpoint(let why): (503, "UH", "no_healthy_upstream{\(why)}")
    case .connectFailure(let why): (503, "UF", "upstream_connect_failure{\(why)}")
    case .reset: (503, "UC", "upstream_reset_before_response_started")
    case .perTryTimeout: (504, "UT", "upstream_response_timeout")
    case .responseTooLarge: (502, "-", "upstream_response_too_large")
    }
  }

  private func write(_ local: LocalResponse, keepAlive: Bool, context: ChannelHandlerContext) {
    var headers = HTTPHeaders(local.headers.map { ($0.name, $0.value) })
    headers.replaceOrAdd(name: "content-length", value: String(local.body.utf8.count))
    if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
    let head = HTTPResponseHead(
      version: .http1_1, status: HTTPResponseStatus(statusCode: local.status), headers: headers)
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    if !local.body.isEmpty {
      context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: local.body)))), promise: nil)
    }
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
  }

  /// Counts the request and writes the access log line (Envoy's fields, as key=value).
  private func finish(
    _ request: HTTPRequestHead, status: Int, flags: String, details: String, started: ContinuousClock.Instant,
    endpoint: String?, context: ChannelHandlerContext
  ) {
    let elapsed = ContinuousClock.now - started
    let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    var labels = RequestLabels()
    labels.sourcePrincipal = tunnel.peerIdentity.uri
    if let sourceIP = tunnel.sourceIP, let source = workloads.snapshot.workload(at: sourceIP) {
      labels.sourceWorkload = source.workloadName.isEmpty ? source.name : source.workloadName
      labels.sourceNamespace = source.namespace
      if !source.canonicalName.isEmpty { labels.sourceApp = source.canonicalName }
    } else {
      labels.sourceNamespace = tunnel.peerIdentity.namespace
    }
    let snapshot = workloads.snapshot
    if let service = snapshot.service(named: tunnel.serviceKey) {
      labels.destinationService = service.hostname
      labels.destinationNamespace = service.namespace
    }
    if let endpoint, let ip = try? IPAddress(String(endpoint.split(separator: ":").dropLast().joined(separator: ":"))),
      let workload = snapshot.workload(at: ip)
    {
      labels.destinationWorkload = workload.workloadName.isEmpty ? workload.name : workload.workloadName
      labels.destinationNamespace = workload.namespace
      labels.destinationPrincipal = (try? workload.identity().uri) ?? "unknown"
    }
    labels.responseCode = status
    labels.responseFlags = flags
    metrics.record(labels, milliseconds: milliseconds)
    logger.info(
      "request",
      metadata: [
        "method": "\(request.method.rawValue)", "path": "\(request.uri)", "status": "\(status)",
        "flags": "\(flags)", "details": "\(details)", "duration_ms": "\(Int(milliseconds.rounded()))",
        "src_principal": "\(tunnel.peerIdentity)", "dst_service": "\(tunnel.serviceKey)",
        "upstream": "\(endpoint ?? "-")",
      ])
  }

  /// The head sent to the backend: the plan's rewrites, hop-by-hop headers removed, Envoy's
  /// `x-forwarded-proto` and `x-request-id` added when absent.
  static func upstreamHead(_ head: HTTPRequestHead, plan: ForwardPlan, tunnel: TunnelContext) -> HTTPRequestHead {
    var headers = endToEnd(head.headers)
    headers.apply(plan.requestRewrite.headerEdits)
    if let authority = plan.requestRewrite.authority { headers.replaceOrAdd(name: "host", value: authority) }
    if !headers.contains(name: "x-forwarded-proto") { headers.add(name: "x-forwarded-proto", value: "http") }
    if !headers.contains(name: "x-request-id") {
      headers.add(name: "x-request-id", value: UUID().uuidString.lowercased())
    }
    var upstream = HTTPRequestHead(
      version: .http1_1, method: head.method, uri: plan.requestRewrite.target ?? head.uri, headers: headers)
    upstream.headers.remove(name: "content-length")
    return upstream
  }

  /// Drops hop-by-hop headers (RFC 9110 §7.6.1), including those `Connection` names; the
  /// waypoint re-frames bodies with `content-length`.
  static func endToEnd(_ headers: HTTPHeaders) -> HTTPHeaders {
    var named: Set<String> = [
      "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade", "trailer",
    ]
    for value in headers[canonicalForm: "connection"] { named.insert(value.lowercased()) }
    var out = HTTPHeaders()
    for (name, value) in headers where !named.contains(name.lowercased()) { out.add(name: name, value: value) }
    return out
  }

  private func after(_ delay: Duration?, on loop: any EventLoop, _ work: @escaping @Sendable () -> Void) {
    guard let delay, delay > .zero else {
      work()
      return
    }
    loop.scheduleTask(in: TimeAmount(delay)) { work() }
  }
}
