import Kube
import Logging
import NIOCore
import NIOHTTP1

/// Serves a planned `pods/<id>/proxy` request on the connection that asked for it: sends it to
/// the pod and writes the pod's answer back (status, headers but the hop-by-hop ones, body), or
/// the 503 Status kube-apiserver answers when the pod cannot be reached. The connection handler
/// calls `start` on the event loop, in place of writing a response.
///
/// Written through the channel once the pod answers (outbound writes pass the inbound-only
/// connection handler); `HTTPServerPipelineHandler` holds back any pipelined request until the
/// `.end`.
enum PodProxyResponse {
  static func start(
    _ plan: PodProxyPlan, head: HTTPRequestHead, keepAlive: Bool, channel: any Channel, logger: Logger
  ) {
    switch plan {
    case .redirect(let location):
      var headers = HTTPHeaders()
      headers.add(name: "Location", value: location)
      write(status: .movedPermanently, headers: headers, body: nil, head: head, keepAlive: keepAlive, channel: channel)
    case .forward(let request):
      forward(request, head: head, keepAlive: keepAlive, channel: channel, logger: logger)
    }
  }

  private static func forward(
    _ request: PodProxyRequest, head: HTTPRequestHead, keepAlive: Bool, channel: any Channel, logger: Logger
  ) {
    let path = request.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let headers = PodProxyHeaders.request(
      head.headers, method: request.method, bodyLength: request.body.count,
      clientAddress: channel.remoteAddress?.ipAddress, forwardedURI: request.prefix + path, target: request.target)
    let exchange = PodHTTPExchange.send(
      request, headers: headers, on: channel.eventLoop, abandon: channel.closeFuture)
    exchange.whenComplete { result in
      switch result {
      case .success(let answer):
        var headers = PodProxyHeaders.response(answer.head.headers)
        if let location = headers.first(name: "location") {
          headers.replaceOrAdd(
            name: "Location",
            value: PodProxyLocation.rewrite(
              location, target: request.target, callerHost: head.headers.first(name: "host"), prefix: request.prefix))
        }
        // A HEAD answer's length is the GET body's, which the caller should see as the pod sent it.
        let podLength = answer.head.headers.first(name: "content-length")
        let asSent = request.method == "HEAD" || answer.head.status == .notModified
        write(
          status: answer.head.status, headers: headers, body: answer.body, head: head, keepAlive: keepAlive,
          channel: channel, length: asSent ? .asSent(podLength) : .body)
      case .failure(PodProxyFailure.abandoned):
        return
      case .failure(let error):
        let failure = error as? PodProxyFailure ?? .exchange(error)
        let apiError = failure.apiError(request.target)
        logger.debug(
          "pod proxy: no answer from the pod",
          metadata: ["devcluster.pod": "\(request.pod)", "devcluster.error": "\(apiError.message)"])
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        write(
          status: HTTPResponseStatus(statusCode: apiError.code), headers: headers,
          body: ByteBuffer(bytes: apiError.statusObject.serialized()), head: head, keepAlive: keepAlive,
          channel: channel)
      }
    }
  }

  /// The `Content-Length` written: the body's, or the pod's own for answers without a body
  /// (HEAD, 304), whose length describes the resource.
  private enum Length {
    case body
    case asSent(String?)
  }

  private static func write(
    status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?, head: HTTPRequestHead, keepAlive: Bool,
    channel: any Channel, length: Length = .body
  ) {
    var headers = headers
    // RFC 9110 §8.6: no Content-Length on 1xx and 204 answers.
    if status.code >= 200, status != .noContent {
      switch length {
      case .body: headers.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
      case .asSent(let sent?): headers.add(name: "Content-Length", value: sent)
      case .asSent(nil): break
      }
    }
    if !keepAlive { headers.add(name: "Connection", value: "close") }
    channel.write(
      HTTPServerResponsePart.head(HTTPResponseHead(version: head.version, status: status, headers: headers)),
      promise: nil)
    if let body, body.readableBytes > 0, head.method != .HEAD {
      channel.write(HTTPServerResponsePart.body(.byteBuffer(body)), promise: nil)
    }
    channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
      if !keepAlive { channel.close(promise: nil) }
    }
  }
}
