/// RFC 6902 JSON patch (`application/json-patch+json`): add, remove, replace, move, copy, test;
/// JSON pointers with `~0`/`~1` escapes and `-` for append.
///
/// Operations apply in order to a working copy; the first failing one fails the whole patch (RFC 6902
/// section 5), so a caller never sees a half-applied document.
public enum JSONPatch {
  /// Applies `operations` (a JSON list of operation objects) to `original`. Fails with a `PatchError`
  /// naming the operation index and path on a missing path, a failed `test`, or a malformed operation.
  public static func apply(_ operations: JSONValue, to original: JSONValue) throws(PatchError) -> JSONValue {
    guard case .array(let list) = operations else {
      throw PatchError("a JSON patch must be a list of operations, not \(operations.kindName)")
    }
    var document = original
    for (index, json) in list.enumerated() {
      let operation = try JSONPatchOperation(json: json, index: index)
      do {
        try operation.apply(to: &document)
      } catch {
        throw PatchError("JSON patch operation \(index) (\(operation.name) at \"\(operation.path)\"): \(error.message)")
      }
    }
    return document
  }
}
