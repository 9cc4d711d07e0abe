import Kube

/// An object as stored, with its JSON bytes serialized once: lists, watch events and the journal
/// all reuse these bytes, so a list of 10,000 pods is one concatenation, not 10,000 encodings.
struct StoredObject: Sendable {
  let object: KubeObject
  let bytes: [UInt8]
  let resourceVersion: UInt64

  init(_ object: KubeObject) {
    self.object = object
    self.bytes = object.serialized()
    self.resourceVersion = UInt64(object.resourceVersion) ?? 0
  }

  /// Reuses bytes known to be `object`'s serialization (journal replay).
  init(_ object: KubeObject, bytes: [UInt8]) {
    self.object = object
    self.bytes = bytes
    self.resourceVersion = UInt64(object.resourceVersion) ?? 0
  }
}
