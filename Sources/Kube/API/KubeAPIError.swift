/// A failed API call, as the Kubernetes `Status` object describes it.
///
/// The dev API server answers with one of these and the client throws one, so both agree on what
/// a 409 or 410 means: `isConflict` is an optimistic-concurrency loss to retry, `isGone` an expired
/// watch version that forces a relist.
public struct KubeAPIError: Error, Sendable, Hashable, CustomStringConvertible {
  public var code: Int
  public var reason: StatusReason
  public var message: String
  /// `details` of the Status: the object's name, group and kind when known.
  public var name: String?
  public var group: String?
  public var kind: String?
  /// Field-level causes of an `Invalid` answer (`field`: `message`).
  public var causes: [Cause]

  public struct Cause: Sendable, Hashable {
    public var field: String
    public var message: String
    public var reason: String
    public init(field: String, message: String, reason: String = "FieldValueInvalid") {
      self.field = field
      self.message = message
      self.reason = reason
    }
  }

  public init(
    _ reason: StatusReason, _ message: String, code: Int? = nil, name: String? = nil, group: String? = nil,
    kind: String? = nil, causes: [Cause] = []
  ) {
    self.code = code ?? reason.httpCode
    self.reason = reason
    self.message = message
    self.name = name
    self.group = group
    self.kind = kind
    self.causes = causes
  }

  public var isConflict: Bool { code == 409 && reason == .conflict }
  public var isAlreadyExists: Bool { reason == .alreadyExists }
  public var isNotFound: Bool { code == 404 }
  public var isGone: Bool { code == 410 }

  public var description: String { "\(message) (HTTP \(code)\(reason == .unknown ? "" : " \(reason.rawValue)"))" }

  /// The `Status` object Kubernetes returns for this error.
  public var statusObject: JSONValue {
    var status: JSONValue = [
      "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
      "message": .string(message), "reason": .string(reason.rawValue), "code": .int(Int64(code)),
    ]
    var details: JSONValue = [:]
    if let name { details["name"] = .string(name) }
    if let group { details["group"] = .string(group) }
    if let kind { details["kind"] = .string(kind) }
    if !causes.isEmpty {
      details["causes"] = .array(
        causes.map { ["field": .string($0.field), "message": .string($0.message), "reason": .string($0.reason)] })
    }
    if details.objectValue?.isEmpty == false { status["details"] = details }
    return status
  }

  /// Reads a `Status` body; falls back to the raw text when the body is not one.
  public init(httpCode: Int, body: [UInt8]) {
    if let value = try? JSONParser.parse(body), value["kind"]?.stringValue == "Status" {
      let reason = StatusReason(rawValue: value["reason"]?.stringValue ?? "") ?? .unknown
      var causes: [Cause] = []
      for cause in value.value(at: ["details", "causes"])?.arrayValue ?? [] {
        causes.append(
          Cause(
            field: cause["field"]?.stringValue ?? "", message: cause["message"]?.stringValue ?? "",
            reason: cause["reason"]?.stringValue ?? ""))
      }
      self.init(
        reason, value["message"]?.stringValue ?? "HTTP \(httpCode)",
        code: Int(value["code"]?.intValue ?? Int64(httpCode)), name: value.value(at: ["details", "name"])?.stringValue,
        group: value.value(at: ["details", "group"])?.stringValue,
        kind: value.value(at: ["details", "kind"])?.stringValue, causes: causes)
    } else {
      let text = String(decoding: body.prefix(512), as: UTF8.self)
      self.init(.unknown, text.isEmpty ? "HTTP \(httpCode)" : text, code: httpCode)
    }
  }
}
