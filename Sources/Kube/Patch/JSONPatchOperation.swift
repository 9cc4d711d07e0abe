/// One decoded RFC 6902 operation.
public struct JSONPatchOperation: Sendable, Hashable {
  public enum Action: Sendable, Hashable {
    case add(JSONValue)
    case remove
    case replace(JSONValue)
    case move(from: JSONPointer)
    case copy(from: JSONPointer)
    case test(JSONValue)
  }

  public var action: Action
  public var path: JSONPointer

  public init(_ action: Action, path: JSONPointer) {
    self.action = action
    self.path = path
  }

  /// Decodes `{"op": ..., "path": ..., "value"|"from": ...}`; `index` is the operation's position, named
  /// in errors.
  public init(json: JSONValue, index: Int) throws(PatchError) {
    let prefix = "JSON patch operation \(index)"
    guard case .object(let members) = json else {
      throw PatchError("\(prefix) must be an object, not \(json.kindName)")
    }
    guard let op = members["op"]?.stringValue else {
      throw PatchError("\(prefix) has no \"op\" string (add, remove, replace, move, copy or test)")
    }
    guard let pathText = members["path"]?.stringValue else {
      throw PatchError("\(prefix) (\(op)) has no \"path\" string")
    }
    do {
      path = try JSONPointer(parsing: pathText)
    } catch {
      throw PatchError("\(prefix) (\(op)): \(error.message)")
    }
    func value() throws(PatchError) -> JSONValue {
      // An explicit null is a value; only a missing member is an error.
      guard let value = members["value"] else {
        throw PatchError("\(prefix) (\(op) at \"\(pathText)\") has no \"value\"")
      }
      return value
    }
    func from() throws(PatchError) -> JSONPointer {
      guard let fromText = members["from"]?.stringValue else {
        throw PatchError("\(prefix) (\(op) at \"\(pathText)\") has no \"from\" string")
      }
      do {
        return try JSONPointer(parsing: fromText)
      } catch {
        throw PatchError("\(prefix) (\(op) at \"\(pathText)\"): \(error.message)")
      }
    }
    switch op {
    case "add": action = .add(try value())
    case "remove": action = .remove
    case "replace": action = .replace(try value())
    case "move": action = .move(from: try from())
    case "copy": action = .copy(from: try from())
    case "test": action = .test(try value())
    default:
      throw PatchError(
        "\(prefix) has unknown op \"\(op)\" (expected add, remove, replace, move, copy or test)")
    }
  }

  /// The RFC 6902 operation name.
  public var name: String {
    switch action {
    case .add: return "add"
    case .remove: return "remove"
    case .replace: return "replace"
    case .move: return "move"
    case .copy: return "copy"
    case .test: return "test"
    }
  }

  /// Applies the operation to `document` in place; on failure `document` may be partly edited, which is
  /// why `JSONPatch.apply` works on a copy.
  public func apply(to document: inout JSONValue) throws(PatchError) {
    switch action {
    case .add(let value):
      _ = try Self.edit(.add(value), at: path, in: &document)
    case .remove:
      _ = try Self.edit(.remove, at: path, in: &document)
    case .replace(let value):
      _ = try Self.edit(.replace(value), at: path, in: &document)
    case .move(let from):
      if from == path { return }
      if from.isProperPrefix(of: path) {
        throw PatchError("cannot move \"\(from)\" into its own child")
      }
      let value = try Self.edit(.remove, at: from, in: &document)
      _ = try Self.edit(.add(value), at: path, in: &document)
    case .copy(let from):
      guard let value = from.value(in: document) else { throw PatchError("\"from\" path \"\(from)\" does not exist") }
      _ = try Self.edit(.add(value), at: path, in: &document)
    case .test(let expected):
      guard let actual = path.value(in: document) else { throw PatchError("test failed: the path does not exist") }
      guard actual.isJSONEqual(to: expected) else {
        throw PatchError(
          "test failed: the value is \(actual.abbreviatedJSON()), not \(expected.abbreviatedJSON())")
      }
    }
  }

  private enum Edit {
    case add(JSONValue)
    case remove
    case replace(JSONValue)
  }

  /// Performs `edit` at `pointer`, returning the value it removed or replaced (the removed value for
  /// `remove`, which `move` re-adds).
  private static func edit(
    _ edit: Edit, at pointer: JSONPointer, in document: inout JSONValue
  ) throws(PatchError) -> JSONValue {
    guard !pointer.tokens.isEmpty else {
      let old = document
      switch edit {
      case .add(let value), .replace(let value): document = value
      case .remove: throw PatchError("cannot remove the whole document")
      }
      return old
    }
    return try Self.edit(edit, pointer: pointer, depth: 0, in: &document) ?? .null
  }

  private static func edit(
    _ edit: Edit, pointer: JSONPointer, depth: Int, in value: inout JSONValue
  ) throws(PatchError) -> JSONValue? {
    let token = pointer.tokens[depth]
    let isLast = depth == pointer.tokens.count - 1
    let here = JSONPointer(tokens: Array(pointer.tokens.prefix(depth + 1)))
    switch value {
    case .object(var members):
      // Release `value`'s reference so the members are edited in place rather than copied.
      value = .null
      defer { value = .object(members) }
      if isLast {
        switch edit {
        case .add(let new): return members.updateValue(new, forKey: token)
        case .remove:
          guard let old = members.removeValue(forKey: token) else { throw PatchError("\"\(here)\" does not exist") }
          return old
        case .replace(let new):
          guard members[token] != nil else { throw PatchError("\"\(here)\" does not exist") }
          return members.updateValue(new, forKey: token)
        }
      }
      guard var child = members.removeValue(forKey: token) else {
        throw PatchError("\"\(here)\" does not exist")
      }
      defer { members[token] = child }
      return try Self.edit(edit, pointer: pointer, depth: depth + 1, in: &child)
    case .array(var elements):
      value = .null
      defer { value = .array(elements) }
      if isLast, case .add(let new) = edit {
        if token == "-" {
          elements.append(new)
          return nil
        }
        guard let index = JSONPointer.parseIndex(token) else {
          throw PatchError("\"\(here)\": \"\(token)\" is not a list index")
        }
        guard index <= elements.count else {
          throw PatchError("\"\(here)\": index \(index) is out of bounds (list length \(elements.count))")
        }
        elements.insert(new, at: index)
        return nil
      }
      guard let index = JSONPointer.parseIndex(token) else {
        throw PatchError("\"\(here)\": \"\(token)\" is not a list index")
      }
      guard index < elements.count else {
        throw PatchError("\"\(here)\" does not exist (list length \(elements.count))")
      }
      if isLast {
        switch edit {
        case .add: return nil  // handled above
        case .remove: return elements.remove(at: index)
        case .replace(let new):
          let old = elements[index]
          elements[index] = new
          return old
        }
      }
      var child = elements[index]
      elements[index] = .null
      defer { elements[index] = child }
      return try Self.edit(edit, pointer: pointer, depth: depth + 1, in: &child)
    default:
      let parent = JSONPointer(tokens: Array(pointer.tokens.prefix(depth)))
      throw PatchError("\"\(parent)\" is \(value.kindName), which has no member \"\(token)\"")
    }
  }
}
