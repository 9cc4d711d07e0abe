import Kube
import NIOCore

/// One committed change as the watch history keeps it: the object after the change (for a
/// delete, its last state at the deletion's resourceVersion), the object before (so filtered
/// watchers can tell "started matching" from "stopped matching"), and the event line built once.
struct WatchRecord: Sendable {
  let type: WatchEventType
  let ref: ObjectRef
  let object: StoredObject
  let previous: StoredObject?
  let line: ByteBuffer

  init(type: WatchEventType, ref: ObjectRef, object: StoredObject, previous: StoredObject?) {
    self.type = type
    self.ref = ref
    self.object = object
    self.previous = previous
    self.line = WatchMessage.line(type: type, objectBytes: object.bytes)
  }

  var resourceVersion: UInt64 { object.resourceVersion }

  var event: WatchMessage { WatchMessage(type: type, object: object.object, line: line) }
}
