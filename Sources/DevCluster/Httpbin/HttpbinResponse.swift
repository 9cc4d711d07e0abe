/// What httpbin answers: status, headers, body, and how long to hold the answer (`/delay/N`).
public struct HttpbinResponse: Sendable, Hashable {
  public var status: Int
  public var headers: [String: String]
  public var body: [UInt8]
  /// Wait this long before answering; zero for every route but `/delay/N`.
  public var delay: Duration

  public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], delay: Duration = .zero) {
    self.status = status
    self.headers = headers
    self.body = body
    self.delay = delay
  }

  /// A JSON answer formatted as httpbin's Flask `jsonify` formats it (sorted keys, two-space
  /// indent, trailing newline), with the CORS headers httpbin always sends.
  static func json(_ value: HttpbinJSON, status: Int = 200, delay: Duration = .zero) -> HttpbinResponse {
    HttpbinResponse(
      status: status, headers: corsHeaders.merging(["Content-Type": "application/json"]) { $1 },
      body: Array((value.pretty() + "\n").utf8), delay: delay)
  }

  static func text(_ text: String, status: Int, contentType: String = "text/html; charset=utf-8") -> HttpbinResponse
  {
    HttpbinResponse(
      status: status, headers: corsHeaders.merging(["Content-Type": contentType]) { $1 }, body: Array(text.utf8))
  }

  static let corsHeaders = ["Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true"]
}
