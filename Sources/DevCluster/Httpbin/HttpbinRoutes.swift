import Foundation
import Kube

/// The httpbin routes the walkthrough and tests use, answered as `kennethreitz/httpbin` answers
/// them: `/headers`, `/ip`, `/get`, `/status/N`, `/delay/N` (at most 10 s) and `/anything`.
/// Pure: the server only writes the returned response (after its delay).
public enum HttpbinRoutes {
  /// httpbin caps `/delay/N` at 10 seconds.
  public static let maximumDelaySeconds = 10.0

  public static func respond(to request: HttpbinRequest) -> HttpbinResponse {
    let path = request.path
    let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    switch (request.method, segments.first ?? "") {
    case ("GET", "headers") where segments.count == 1:
      return .json(.object(["headers": .object(request.headerFields)]))
    case ("GET", "ip") where segments.count == 1:
      return .json(.object(["origin": .string(request.origin)]))
    case ("GET", "get") where segments.count == 1:
      return .json(.object(fields(of: request, ["url", "args", "headers", "origin"])))
    case (_, "status") where segments.count == 2:
      return status(segments[1])
    case (_, "delay") where segments.count == 2:
      return delay(segments[1], request: request)
    case (_, "anything"):
      return .json(
        .object(fields(of: request, ["url", "args", "headers", "origin", "method", "form", "data", "files", "json"])))
    case (_, "headers"), (_, "ip"), (_, "get"):
      return .text(methodNotAllowedPage, status: 405)
    default:
      return .text(notFoundPage, status: 404)
    }
  }

  /// httpbin's `get_dict(...)`: the requested members of the request.
  static func fields(of request: HttpbinRequest, _ keys: [String]) -> [String: HttpbinJSON] {
    var result: [String: HttpbinJSON] = [:]
    for key in keys {
      switch key {
      case "url": result[key] = .string(request.url)
      case "args": result[key] = .object(request.arguments)
      case "headers": result[key] = .object(request.headerFields)
      case "origin": result[key] = .string(request.origin)
      case "method": result[key] = .string(request.method)
      case "data": result[key] = .string(isForm(request) ? "" : String(decoding: request.body, as: UTF8.self))
      case "files": result[key] = .object([:])
      case "form": result[key] = .object(isForm(request) ? form(request) : [:])
      case "json": result[key] = (try? JSONParser.parse(request.body)).map(HttpbinJSON.init) ?? .null
      default: break
      }
    }
    return result
  }

  private static func isForm(_ request: HttpbinRequest) -> Bool {
    request.header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
  }

  private static func form(_ request: HttpbinRequest) -> [String: HttpbinJSON] {
    let body = HttpbinRequest(method: "POST", target: "/?" + String(decoding: request.body, as: UTF8.self), peerAddress: "")
    return body.arguments
  }

  /// `/status/N`: N with an empty body; 3xx adds `Location: /redirect/1` as httpbin does; a
  /// code that is not a number in 100...599 is a 400.
  static func status(_ text: String) -> HttpbinResponse {
    guard let code = Int(text), (100...599).contains(code) else {
      return .text("Invalid status code", status: 400)
    }
    var response = HttpbinResponse(status: code, headers: HttpbinResponse.corsHeaders)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    if (300..<400).contains(code), code != 304 { response.headers["Location"] = "/redirect/1" }
    return response
  }

  /// `/delay/N`: waits min(N, 10) seconds, then answers like `/get` plus `data`, `files`, `form`.
  static func delay(_ text: String, request: HttpbinRequest) -> HttpbinResponse {
    guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
      return .text(notFoundPage, status: 404)
    }
    let wait = min(seconds, maximumDelaySeconds)
    return .json(
      .object(fields(of: request, ["url", "args", "headers", "origin", "form", "data", "files"])),
      delay: .milliseconds(Int64((wait * 1000).rounded())))
  }

  static let notFoundPage = """
    <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
    <title>404 Not Found</title>
    <h1>Not Found</h1>
    <p>The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.</p>

    """

  static let methodNotAllowedPage = """
    <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
    <title>405 Method Not Allowed</title>
    <h1>Method Not Allowed</h1>
    <p>The method is not allowed for the requested URL.</p>

    """
}
