import Kube
import Testing

private func json(_ text: String) -> JSONValue { PatchFixture.parse(text) }

@Suite("JSON patch (RFC 6902)")
struct JSONPatchTests {
  /// RFC 6902 Appendix A examples that succeed (A.1-A.8, A.10, A.11, A.14, A.16), plus copy and root edits.
  static let successes: [(name: String, document: String, patch: String, result: String)] = [
    (
      "A.1 add member", #"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"baz":"qux","foo":"bar"}"#
    ),
    (
      "A.2 add element", #"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#,
      #"{"foo":["bar","qux","baz"]}"#
    ),
    ("A.3 remove member", #"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
    (
      "A.4 remove element", #"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#,
      #"{"foo":["bar","baz"]}"#
    ),
    (
      "A.5 replace", #"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#,
      #"{"baz":"boo","foo":"bar"}"#
    ),
    (
      "A.6 move member", #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
      #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
      #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#
    ),
    (
      "A.7 move element", #"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#,
      #"{"foo":["all","cows","eat","grass"]}"#
    ),
    (
      "A.8 test", #"{"baz":"qux","foo":["a",2,"c"]}"#,
      #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
      #"{"baz":"qux","foo":["a",2,"c"]}"#
    ),
    (
      "A.10 add nested member", #"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
      #"{"foo":"bar","child":{"grandchild":{}}}"#
    ),
    (
      "A.11 unrecognized members ignored", #"{"foo":"bar"}"#,
      #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#, #"{"foo":"bar","baz":"qux"}"#
    ),
    ("A.14 ~ escapes", #"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#, #"{"/":9,"~1":10}"#),
    (
      "A.16 append with -", #"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#,
      #"{"foo":["bar",["abc","def"]]}"#
    ),
    (
      "copy", #"{"a":{"b":[1]}}"#, #"[{"op":"copy","from":"/a/b","path":"/c"},{"op":"add","path":"/c/0","value":0}]"#,
      #"{"a":{"b":[1]},"c":[0,1]}"#
    ),
    (
      "label with / via ~1", #"{"metadata":{"labels":{"app.kubernetes.io/name":"x"}}}"#,
      #"[{"op":"replace","path":"/metadata/labels/app.kubernetes.io~1name","value":"y"}]"#,
      #"{"metadata":{"labels":{"app.kubernetes.io/name":"y"}}}"#
    ),
    ("replace the root", #"{"a":1}"#, #"[{"op":"replace","path":"","value":[1]}]"#, #"[1]"#),
    ("test numbers by value", #"{"a":1}"#, #"[{"op":"test","path":"/a","value":1.0}]"#, #"{"a":1}"#),
    ("add null value", #"{}"#, #"[{"op":"add","path":"/a","value":null}]"#, #"{"a":null}"#),
  ]

  @Test("RFC 6902 examples and friends", arguments: successes)
  func applies(name: String, document: String, patch: String, result: String) throws {
    #expect(try JSONPatch.apply(json(patch), to: json(document)) == json(result), "\(name)")
  }

  /// Failures, each with text its message must contain (operation index, path and reason).
  static let failures: [(name: String, document: String, patch: String, message: String)] = [
    (
      "A.9 failed test", #"{"baz":"qux"}"#, #"[{"op":"test","path":"/baz","value":"bar"}]"#,
      #"JSON patch operation 0 (test at "/baz"): test failed: the value is "qux", not "bar""#
    ),
    (
      "A.12 add to a missing parent", #"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#,
      #"JSON patch operation 0 (add at "/baz/bat"): "/baz" does not exist"#
    ),
    (
      "A.15 strings are not numbers", #"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":"10"}]"#,
      #"operation 0 (test at "/~01"): test failed"#
    ),
    (
      "remove a missing member names the second operation", #"{"a":1}"#,
      #"[{"op":"remove","path":"/a"},{"op":"remove","path":"/a"}]"#,
      #"JSON patch operation 1 (remove at "/a"): "/a" does not exist"#
    ),
    (
      "index out of bounds", #"{"a":[1]}"#, #"[{"op":"add","path":"/a/5","value":2}]"#,
      "index 5 is out of bounds (list length 1)"
    ),
    ("leading zero index", #"{"a":[1,2]}"#, #"[{"op":"remove","path":"/a/01"}]"#, #""01" is not a list index"#),
    ("- only appends", #"{"a":[1]}"#, #"[{"op":"replace","path":"/a/-","value":2}]"#, #""-" is not a list index"#),
    ("unknown op", #"{}"#, #"[{"op":"merge","path":"/a"}]"#, #"JSON patch operation 0 has unknown op "merge""#),
    ("missing value", #"{}"#, #"[{"op":"add","path":"/a"}]"#, #"operation 0 (add at "/a") has no "value""#),
    ("missing path", #"{}"#, #"[{"op":"remove"}]"#, #"operation 0 (remove) has no "path" string"#),
    ("bad pointer", #"{}"#, #"[{"op":"remove","path":"a"}]"#, #"JSON pointer "a" must be empty or start with '/'"#),
    ("bad escape", #"{}"#, #"[{"op":"remove","path":"/a~2"}]"#, "has a '~' not followed by '0' or '1'"),
    (
      "move into own child", #"{"a":{"b":1}}"#, #"[{"op":"move","from":"/a","path":"/a/b/c"}]"#,
      #"cannot move "/a" into its own child"#
    ),
    ("copy from missing", #"{}"#, #"[{"op":"copy","from":"/x","path":"/y"}]"#, #""from" path "/x" does not exist"#),
    ("through a scalar", #"{"a":"s"}"#, #"[{"op":"add","path":"/a/b","value":1}]"#, "is a string, which has no member"),
    ("not a list", #"{}"#, #"{"op":"add"}"#, "a JSON patch must be a list of operations"),
    ("remove the root", #"{}"#, #"[{"op":"remove","path":""}]"#, "cannot remove the whole document"),
  ]

  @Test("failures name the operation, the path and the reason", arguments: failures)
  func fails(name: String, document: String, patch: String, message: String) {
    do {
      let result = try JSONPatch.apply(json(patch), to: json(document))
      Issue.record("\(name): expected an error, got \(result.jsonText)")
    } catch {
      #expect(error.message.contains(message), "\(name): \(error.message)")
    }
  }

  @Test("one failing operation fails the whole patch")
  func atomic() {
    let patch = json(#"[{"op":"add","path":"/a","value":1},{"op":"test","path":"/a","value":2}]"#)
    #expect(throws: PatchError.self) { try JSONPatch.apply(patch, to: json("{}")) }
  }

  @Test("pointers round-trip through their escaped form")
  func pointers() throws {
    let pointer = try JSONPointer(parsing: "/a~1b/c~0d/")
    #expect(pointer.tokens == ["a/b", "c~d", ""])
    #expect(pointer.description == "/a~1b/c~0d/")
    #expect(try JSONPointer(parsing: "").tokens.isEmpty)
  }
}
