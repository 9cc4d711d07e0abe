/// One answer of the admin server.
public struct AdminResponse: Sendable {
  public var status: Int
  public var contentType: String
  public var body: [UInt8]

  public init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", body: [UInt8]) {
    self.status = status
    self.contentType = contentType
    self.body = body
  }

  public static func text(_ text: String, status: Int = 200) -> AdminResponse {
    AdminResponse(status: status, body: Array(text.utf8))
  }
}
