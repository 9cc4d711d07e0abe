import Foundation
import Kube

/// The append-only file that makes the store survive restarts: every committed change is one
/// JSON line; on start the file is replayed and rewritten with one line per live object
/// (compaction), so it grows with the write history of one run only.
///
/// Writes are not fsynced: this is a dev cluster, and the process exiting (even crashing) keeps
/// what the kernel has; a power loss may lose the last writes.
final class Journal {
  let path: String
  private var handle: FileHandle?

  private init(path: String, handle: FileHandle) {
    self.path = path
    self.handle = handle
  }

  /// Replays `<directory>/journal.jsonl` into a store and compacts the file.
  static func open(directory: String) throws(JournalError) -> (Journal, ObjectStore) {
    let fileManager = FileManager.default
    do {
      try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw JournalError("cannot create the data directory \(directory): \(error.localizedDescription)")
    }
    let path = (directory as NSString).appendingPathComponent("journal.jsonl")
    var store = ObjectStore()
    if fileManager.fileExists(atPath: path) {
      guard let data = fileManager.contents(atPath: path) else {
        throw JournalError("cannot read the journal \(path)")
      }
      try replay(Array(data), path: path, into: &store)
    }
    var compacted: [UInt8] = []
    JournalRecord.versionLine(store.resourceVersion, into: &compacted)
    for (ref, object) in store.allObjects() {
      JournalRecord.putLine(storageKey: ref.storageKey, objectBytes: object.bytes, into: &compacted)
    }
    let temporary = path + ".compacting"
    do {
      try Data(compacted).write(to: URL(fileURLWithPath: temporary))
      if fileManager.fileExists(atPath: path) { try fileManager.removeItem(atPath: path) }
      try fileManager.moveItem(atPath: temporary, toPath: path)
    } catch {
      throw JournalError("cannot compact the journal \(path): \(error.localizedDescription)")
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw JournalError("cannot open the journal \(path) for writing")
    }
    do { try handle.seekToEnd() } catch {
      throw JournalError("cannot seek to the end of the journal \(path): \(error.localizedDescription)")
    }
    return (Journal(path: path, handle: handle), store)
  }

  private static func replay(_ bytes: [UInt8], path: String, into store: inout ObjectStore) throws(JournalError) {
    var lineNumber = 0
    var start = 0
    while start < bytes.count {
      lineNumber += 1
      let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      let line = bytes[start..<end]
      let isLast = end >= bytes.count - 1
      start = end + 1
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
      switch JournalRecord.parse(line) {
      case .success(.put(let storageKey, let object)):
        let ref = ObjectRef(storageKey: storageKey, namespace: object.namespace, name: object.name)
        store.put(ref, StoredObject(object))
      case .success(.delete(let ref, let version)):
        store.remove(ref)
        store.advance(to: version)
      case .success(.version(let version)):
        store.advance(to: version)
      case .failure(let error):
        // A torn last line is what a crash mid-write leaves; anything else is corruption.
        if isLast { return }
        throw JournalError("the journal \(path) is corrupt at line \(lineNumber): \(error.message)")
      }
    }
  }

  /// Appends already-encoded lines (one transaction's changes: one write).
  func append(_ lines: [UInt8]) throws(JournalError) {
    guard let handle, !lines.isEmpty else { return }
    do { try handle.write(contentsOf: lines) } catch {
      throw JournalError("cannot append to the journal \(path): \(error.localizedDescription)")
    }
  }

  func close() {
    try? handle?.synchronize()
    try? handle?.close()
    handle = nil
  }
}
