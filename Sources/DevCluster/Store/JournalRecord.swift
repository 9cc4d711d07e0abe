import Kube

/// One line of the journal: an object written, an object removed, or (first line after
/// compaction) the resourceVersion the cluster had reached, so versions keep rising after a
/// restart even when the latest write was a delete.
enum JournalRecord: Sendable {
  case put(storageKey: String, object: KubeObject)
  case delete(ObjectRef, resourceVersion: UInt64)
  case version(UInt64)

  /// The line for a stored object, reusing its cached bytes.
  static func putLine(storageKey: String, objectBytes: [UInt8], into output: inout [UInt8]) {
    output.append(contentsOf: Array(#"{"op":"put","key":"#.utf8))
    JSONValue.string(storageKey).write(into: &output)
    output.append(contentsOf: Array(#","object":"#.utf8))
    output.append(contentsOf: objectBytes)
    output.append(contentsOf: Array("}\n".utf8))
  }

  static func deleteLine(_ ref: ObjectRef, resourceVersion: UInt64, into output: inout [UInt8]) {
    let record: JSONValue = [
      "op": "delete", "key": .string(ref.storageKey), "namespace": .string(ref.namespace),
      "name": .string(ref.name), "rv": .string(String(resourceVersion)),
    ]
    record.write(into: &output)
    output.append(UInt8(ascii: "\n"))
  }

  static func versionLine(_ resourceVersion: UInt64, into output: inout [UInt8]) {
    let record: JSONValue = ["op": "version", "rv": .string(String(resourceVersion))]
    record.write(into: &output)
    output.append(UInt8(ascii: "\n"))
  }

  /// Reads one line; `nil` with the reason when it is not a journal record.
  static func parse(_ line: ArraySlice<UInt8>) -> Result<JournalRecord, JournalError> {
    let value: JSONValue
    do { value = try JSONParser.parse(line) } catch { return .failure(JournalError(error.description)) }
    switch value["op"]?.stringValue {
    case "put":
      guard let key = value["key"]?.stringValue, let json = value["object"], let object = try? KubeObject(json: json)
      else { return .failure(JournalError("a put record needs key and object")) }
      return .success(.put(storageKey: key, object: object))
    case "delete":
      guard let key = value["key"]?.stringValue, let name = value["name"]?.stringValue,
        let version = value["rv"]?.stringValue.flatMap({ UInt64($0) })
      else { return .failure(JournalError("a delete record needs key, name and rv")) }
      let ref = ObjectRef(storageKey: key, namespace: value["namespace"]?.stringValue ?? "", name: name)
      return .success(.delete(ref, resourceVersion: version))
    case "version":
      guard let version = value["rv"]?.stringValue.flatMap({ UInt64($0) }) else {
        return .failure(JournalError("a version record needs rv"))
      }
      return .success(.version(version))
    default:
      return .failure(JournalError("unknown record type \(value["op"]?.jsonText ?? "(none)")"))
    }
  }
}
