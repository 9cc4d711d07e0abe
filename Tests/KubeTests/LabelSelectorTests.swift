import Kube
import Testing

@Suite("Label selectors")
struct LabelSelectorTests {
  /// Selector text, its canonical form, and label sets it must / must not match.
  static let operatorCases:
    [(text: String, canonical: String, matching: [[String: String]], notMatching: [[String: String]])] =
      [
        ("a=b", "a=b", [["a": "b"], ["a": "b", "x": "y"]], [["a": "c"], [:]]),
        ("a==b", "a=b", [["a": "b"]], [["a": "c"], [:]]),
        ("a!=b", "a!=b", [["a": "c"], [:]], [["a": "b"]]),
        ("e in (f,g)", "e in (f,g)", [["e": "f"], ["e": "g"]], [["e": "h"], [:]]),
        ("e in (g, f, g)", "e in (f,g)", [["e": "f"]], [["e": "x"]]),
        ("h notin (i)", "h notin (i)", [["h": "j"], [:]], [["h": "i"]]),
        ("j", "j", [["j": ""], ["j": "x"]], [[:]]),
        ("!k", "!k", [[:], ["j": "x"]], [["k": "v"]]),
        ("n>5", "n>5", [["n": "6"]], [["n": "5"], ["n": "x"], [:]]),
        ("n<5", "n<5", [["n": "4"]], [["n": "5"], [:]]),
        ("a=", "a=", [["a": ""]], [["a": "b"], [:]]),
        ("app.kubernetes.io/name=web", "app.kubernetes.io/name=web", [["app.kubernetes.io/name": "web"]], [[:]]),
        (
          "a=b,c!=d,e in (f,g),h notin (i),j,!k", "a=b,c!=d,e in (f,g),h notin (i),j,!k",
          [["a": "b", "e": "f", "j": "1"], ["a": "b", "c": "x", "e": "g", "h": "z", "j": ""]],
          [["a": "b", "e": "f"], ["a": "b", "e": "f", "j": "1", "k": "1"], ["a": "b", "c": "d", "e": "f", "j": "1"]]
        ),
        (
          "  tier = web ,  app in ( x , y ) ", "app in (x,y),tier=web", [["tier": "web", "app": "y"]], [["tier": "web"]]
        ),
        ("", "", [[:], ["a": "b"]], []),
      ]

  @Test("parses each operator, prints the canonical form and matches", arguments: operatorCases)
  func operators(
    text: String, canonical: String, matching: [[String: String]], notMatching: [[String: String]]
  )
    throws
  {
    let selector = try LabelSelector(parsing: text)
    #expect(selector.description == canonical)
    #expect(try LabelSelector(parsing: selector.description) == selector)
    for labels in matching { #expect(selector.matches(labels), "\(labels)") }
    for labels in notMatching { #expect(!selector.matches(labels), "\(labels)") }
  }

  /// Invalid selectors and text their message must contain.
  static let invalid: [(text: String, message: String)] = [
    ("a=b,", "found '', expected: identifier after ','"),
    (",a", "found ',', expected: !, identifier, or 'end of string'"),
    ("a b", "found 'b', expected: in, notin, =, ==, !=, >, <"),
    ("a in b", "found 'b', expected: '('"),
    ("a in (b", "found '', expected: ',' or ')'"),
    ("a in (b c)", "found 'c', expected: ',' or ')'"),
    ("a=b=c", "found '=', expected: ',' or 'end of string'"),
    ("!a=b", "found '=', expected: ',' or 'end of string'"),
    ("a=(b)", "found '(', expected: identifier"),
    ("-a=b", #"invalid label key "-a": name part must consist of alphanumeric characters"#),
    ("a/b/c", #"invalid label key "a/b/c": a qualified name must consist"#),
    ("Example.com/a=b", #"invalid label key "Example.com/a": prefix part must be a lowercase RFC 1123 subdomain"#),
    ("/a", #"invalid label key "/a": prefix part must be non-empty"#),
    (String(repeating: "k", count: 64), "name part must be no more than 63 characters"),
    ("a=-b", #"invalid label value "-b" for key "a": a label value must be empty or consist"#),
    ("a=\(String(repeating: "v", count: 64))", "must be no more than 63 characters"),
    ("n>x", #"label requirement on "n": for 'gt', 'lt' operators, the value must be an integer, not "x""#),
  ]

  @Test("rejects invalid selectors, naming the selector and the offending term", arguments: invalid)
  func rejects(text: String, message: String) {
    do {
      let selector = try LabelSelector(parsing: text)
      Issue.record("expected an error, parsed \(selector)")
    } catch {
      #expect(error.message.hasPrefix("unable to parse label selector \"\(text)\": "), "\(error.message)")
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test("the object form with matchLabels and matchExpressions")
  func jsonForm() throws {
    let selector = try LabelSelector(
      json: PatchFixture.parse(
        #"""
        {"matchLabels":{"app":"web"},
         "matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]},
                             {"key":"canary","operator":"DoesNotExist"},
                             {"key":"track","operator":"NotIn","values":["old"]},
                             {"key":"zone","operator":"Exists"}]}
        """#))
    #expect(selector.description == "app=web,!canary,tier in (a,b),track notin (old),zone")
    #expect(selector.matches(["app": "web", "tier": "a", "zone": "z1"]))
    #expect(selector.matches(["app": "web", "tier": "b", "zone": "z1", "track": "new"]))
    #expect(!selector.matches(["app": "web", "tier": "a", "zone": "z1", "canary": "yes"]))
    #expect(!selector.matches(["app": "web", "tier": "c", "zone": "z1"]))
    #expect(!selector.matches(["app": "web", "tier": "a"]))
    #expect(!selector.matches(["app": "web", "tier": "a", "zone": "z1", "track": "old"]))
    #expect(selector.equalityRequirements == ["app": "web"])
  }

  @Test("an empty or null selector object matches everything")
  func emptyObject() throws {
    #expect(try LabelSelector(json: .object([:])).isEverything)
    #expect(try LabelSelector(json: .null) == .everything)
    #expect(try LabelSelector(json: PatchFixture.parse(#"{"matchLabels":{},"matchExpressions":[]}"#)).isEverything)
    #expect(LabelSelector.everything.matches(["any": "thing"]))
    #expect(!(try LabelSelector(parsing: "a=b")).isEverything)
  }

  static let invalidObjects: [(json: String, message: String)] = [
    (
      #"{"matchExpressions":[{"key":"a","operator":"Foo","values":["x"]}]}"#,
      #"matchExpressions[0]: "Foo" is not a valid label selector operator"#
    ),
    (
      #"{"matchExpressions":[{"key":"a","operator":"In","values":[]}]}"#,
      "for 'in', 'notin' operators, values set can't be empty"
    ),
    (
      #"{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}"#,
      "values set must be empty for exists and does not exist"
    ),
    (#"{"matchExpressions":[{"operator":"Exists"}]}"#, #"matchExpressions[0] has no "key" string"#),
    (#"{"matchLabels":{"a":1}}"#, #"matchLabels["a"] must be a string"#),
    (#"{"matchLabels":{"a b":"c"}}"#, #"invalid label key "a b""#),
    (#"["a"]"#, "a label selector must be an object"),
  ]

  @Test("rejects invalid selector objects", arguments: invalidObjects)
  func rejectsObjects(json: String, message: String) {
    do {
      let selector = try LabelSelector(json: PatchFixture.parse(json))
      Issue.record("expected an error, parsed \(selector)")
    } catch {
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test("equality requirements for index lookups")
  func equality() throws {
    #expect(try LabelSelector(parsing: "a=b,c in (d),e!=f,g in (h,i),j").equalityRequirements == ["a": "b", "c": "d"])
    #expect(try LabelSelector(parsing: "!a").equalityRequirements.isEmpty)
  }

  @Test("selectors that mean the same are equal, whatever their spelling")
  func equalitySemantics() throws {
    #expect(try LabelSelector(parsing: "b=2,a==1") == LabelSelector(matchLabels: ["a": "1", "b": "2"]))
    #expect(try LabelSelector(parsing: "x in (b,a)") == LabelSelector(parsing: "x in (a,b,a)"))
    #expect(try LabelSelector(parsing: "a=1") != LabelSelector(parsing: "a!=1"))
    #expect(LabelSelector(matchLabels: ["app": "web"]).description == "app=web")
  }
}
