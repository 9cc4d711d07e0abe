import Kube
import NIOCore

/// One event for one watcher: the object (for watchers that re-render it, such as `kubectl get -w`
/// asking for table rows) and the ready line `{"type":...,"object":...}\n`, which is shared by all
/// watchers that take it as is.
struct WatchMessage: Sendable {
  var type: WatchEventType
  var object: KubeObject
  var line: ByteBuffer

  init(type: WatchEventType, object: KubeObject, line: ByteBuffer) {
    self.type = type
    self.object = object
    self.line = line
  }

  /// Serializes a new line for `object`.
  init(type: WatchEventType, object: KubeObject) {
    self.init(type: type, object: object, objectBytes: object.serialized())
  }

  init(type: WatchEventType, object: KubeObject, objectBytes: [UInt8]) {
    self.type = type
    self.object = object
    self.line = Self.line(type: type, objectBytes: objectBytes)
  }

  static func line(type: WatchEventType, objectBytes: [UInt8]) -> ByteBuffer {
    let head = Array(#"{"type":""#.utf8) + Array(type.rawValue.utf8) + Array(#"","object":"#.utf8)
    var buffer = ByteBuffer()
    buffer.reserveCapacity(head.count + objectBytes.count + 2)
    buffer.writeBytes(head)
    buffer.writeBytes(objectBytes)
    buffer.writeBytes(Array("}\n".utf8))
    return buffer
  }

  /// The ERROR event that ends a watch, carrying a `Status`.
  static func error(_ error: KubeAPIError) -> WatchMessage {
    WatchMessage(
      type: .error, object: (try? KubeObject(json: error.statusObject)) ?? KubeObject(type: .namespace, name: ""))
  }

  /// A BOOKMARK: only kind, apiVersion and resourceVersion, telling the client how far it is.
  /// `initialEventsEnd` marks the end of the initial ADDED events of a `sendInitialEvents` watch.
  static func bookmark(type: ResourceType, resourceVersion: UInt64, initialEventsEnd: Bool = false) -> WatchMessage {
    var metadata: JSONValue = ["resourceVersion": .string(String(resourceVersion))]
    if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
    let json: JSONValue = ["kind": .string(type.kind), "apiVersion": .string(type.apiVersion), "metadata": metadata]
    return WatchMessage(type: .bookmark, object: (try? KubeObject(json: json)) ?? KubeObject(type: type, name: ""))
  }
}
