/// One event of a watch stream, as the API server sends it (one JSON object per line).
public struct WatchEvent: Sendable {
  public enum EventType: String, Sendable, Hashable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    case bookmark = "BOOKMARK"
    case error = "ERROR"
  }

  public var type: EventType
  /// The object; for BOOKMARK only its resourceVersion is meaningful; for ERROR a `Status`.
  public var object: KubeObject

  public init(type: EventType, object: KubeObject) {
    self.type = type
    self.object = object
  }

  /// Parses one line of a watch stream.
  public static func parse(line: some Collection<UInt8>) throws(KubeAPIError) -> WatchEvent {
    let value: JSONValue
    do { value = try JSONParser.parse(line) } catch {
      throw KubeAPIError(.internalError, "watch stream sent an unreadable event: \(error.description)")
    }
    guard let typeText = value["type"]?.stringValue, let type = EventType(rawValue: typeText) else {
      throw KubeAPIError(.internalError, "watch event has an unknown type: \(value["type"]?.jsonText ?? "none")")
    }
    guard let objectJSON = value["object"], let object = try? KubeObject(json: objectJSON) else {
      throw KubeAPIError(.internalError, "watch event \(typeText) has no object")
    }
    return WatchEvent(type: type, object: object)
  }

  /// For ERROR events: the error the Status describes (410 Gone for an expired resourceVersion).
  public var error: KubeAPIError? {
    guard type == .error else { return nil }
    return KubeAPIError(httpCode: Int(object.json["code"]?.intValue ?? 500), body: object.serialized())
  }
}
