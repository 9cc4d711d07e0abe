import Kube
import Testing

private func json(_ text: String) -> JSONValue { PatchFixture.parse(text) }

@Suite("JSON merge patch (RFC 7386)")
struct JSONMergePatchTests {
  /// RFC 7386 Appendix A, verbatim.
  static let appendixA: [(original: String, patch: String, result: String)] = [
    (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
    (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
    (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
    (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
    (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
    (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
    (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
    (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
    (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
    (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
    (#"{"a":"foo"}"#, #"null"#, #"null"#),
    (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
    (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
    (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
    (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
  ]

  @Test("RFC 7386 appendix A examples", arguments: appendixA)
  func appendix(original: String, patch: String, result: String) {
    #expect(JSONMergePatch.apply(json(patch), to: json(original)) == json(result))
  }

  @Test("RFC 7386 section 3 example")
  func sectionThree() {
    let original = json(
      #"{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}"#
    )
    let patch = json(
      #"{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}"#)
    let expected = json(
      #"{"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}"#
    )
    #expect(JSONMergePatch.apply(patch, to: original) == expected)
  }

  @Test("diff produces the minimal patch: unchanged members left out, removed ones null")
  func minimalDiff() {
    let original = json(#"{"metadata":{"name":"a","labels":{"x":"1","y":"2"}},"spec":{"replicas":1,"paused":true}}"#)
    let modified = json(#"{"metadata":{"name":"a","labels":{"x":"1","z":"3"}},"spec":{"replicas":2,"paused":true}}"#)
    let patch = JSONMergePatch.diff(from: original, to: modified)
    #expect(patch == json(#"{"metadata":{"labels":{"y":null,"z":"3"}},"spec":{"replicas":2}}"#))
    #expect(JSONMergePatch.diff(from: original, to: original) == json("{}"))
  }

  static let pairs: [(String, String)] = [
    (#"{}"#, #"{}"#),
    (#"{"a":1}"#, #"{}"#),
    (#"{"a":{"b":[1,2,{"c":null}]}}"#, #"{"a":{"b":[2]}}"#),
    (#"{"a":{"b":{"c":"d"}}}"#, #"{"a":"flat"}"#),
    (#"{"a":"flat"}"#, #"{"a":{"b":{"c":"d"}}}"#),
    (#"{"spec":{"ports":[{"port":80}]},"status":{}}"#, #"{"spec":{"ports":[{"port":80},{"port":443}]}}"#),
    (#"[1,2,3]"#, #"{"a":[1,2,3]}"#),
    (#"{"a":true,"b":1.5,"c":"x"}"#, #"{"a":false,"b":2,"d":[null]}"#),
    (#""text""#, #"[null,{"k":"v"}]"#),
  ]

  @Test("apply(diff(a, b), a) == b for hand-picked pairs", arguments: pairs)
  func roundTrip(from: String, to: String) {
    let (a, b) = (json(from), json(to))
    #expect(JSONMergePatch.apply(JSONMergePatch.diff(from: a, to: b), to: a) == b)
  }

  @Test("apply(diff(a, b), a) == b for generated documents")
  func generatedRoundTrip() {
    var generator = DocumentGenerator(seed: 0x5EED)
    var changed = 0
    for _ in 0..<300 {
      let a = generator.object(depth: 3)
      let b = generator.mutate(a, depth: 3)
      let patch = JSONMergePatch.diff(from: a, to: b)
      if patch != JSONValue.object([:]) { changed += 1 }
      #expect(JSONMergePatch.apply(patch, to: a) == b, "a: \(a.jsonText)\nb: \(b.jsonText)\npatch: \(patch.jsonText)")
    }
    // The generator must actually exercise changes, not just identical pairs.
    #expect(changed > 200)
  }
}

/// Deterministic random JSON documents without `null` object members (which a merge patch cannot
/// express by design).
private struct DocumentGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// SplitMix64.
  mutating func next(_ bound: Int) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Int(z % UInt64(bound))
  }

  mutating func scalar() -> JSONValue {
    switch next(4) {
    case 0: return .int(Int64(next(5)))
    case 1: return .string(["a", "b", "c"][next(3)])
    case 2: return .bool(next(2) == 0)
    default: return .double(Double(next(4)) + 0.5)
    }
  }

  mutating func value(depth: Int) -> JSONValue {
    guard depth > 0 else { return scalar() }
    switch next(4) {
    case 0: return object(depth: depth - 1)
    case 1:
      var elements: [JSONValue] = []
      for _ in 0..<next(3) { elements.append(next(5) == 0 ? .null : value(depth: depth - 1)) }
      return .array(elements)
    default: return scalar()
    }
  }

  mutating func object(depth: Int) -> JSONValue {
    var members: [String: JSONValue] = [:]
    for _ in 0..<next(4) { members[["k", "l", "m", "n"][next(4)]] = value(depth: depth) }
    return .object(members)
  }

  /// A variant of `document`: members removed, added, replaced or recursively changed.
  mutating func mutate(_ document: JSONValue, depth: Int) -> JSONValue {
    guard case .object(var members) = document, depth > 0 else { return value(depth: depth) }
    for key in ["k", "l", "m", "n"] {
      switch next(5) {
      case 0: members[key] = nil
      case 1: members[key] = value(depth: depth - 1)
      case 2: if let existing = members[key] { members[key] = mutate(existing, depth: depth - 1) }
      default: break
      }
    }
    return .object(members)
  }
}
