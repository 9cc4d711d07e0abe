import Kube
import Testing

@Suite("Field selectors")
struct FieldSelectorTests {
  static func pod(name: String, namespace: String, node: String?, phase: String?) -> KubeObject {
    var object = KubeObject(type: .pod, namespace: namespace, name: name)
    if let node { object.json.setValue(.string(node), at: ["spec", "nodeName"]) }
    if let phase { object.json.setValue(.string(phase), at: ["status", "phase"]) }
    return object
  }

  static let web = pod(name: "web", namespace: "apps", node: "node-1", phase: "Running")
  static let pending = pod(name: "job", namespace: "kube-system", node: nil, phase: "Pending")

  /// Selector text, canonical form, and whether it selects `web` and `pending`.
  static let cases: [(text: String, canonical: String, web: Bool, pending: Bool)] = [
    ("metadata.name=web", "metadata.name=web", true, false),
    ("metadata.name==web", "metadata.name=web", true, false),
    ("metadata.namespace!=kube-system", "metadata.namespace!=kube-system", true, false),
    ("spec.nodeName=node-1,status.phase=Running", "spec.nodeName=node-1,status.phase=Running", true, false),
    ("spec.nodeName=", "spec.nodeName=", false, true),
    (
      "status.phase!=Running,metadata.namespace=kube-system", "metadata.namespace=kube-system,status.phase!=Running",
      false, true
    ),
    ("", "", true, true),
  ]

  @Test("parses =, ==, != and matches objects", arguments: cases)
  func matching(text: String, canonical: String, web: Bool, pending: Bool) throws {
    let selector = try FieldSelector(parsing: text)
    #expect(selector.description == canonical)
    #expect(selector.matches(Self.web) == web)
    #expect(selector.matches(Self.pending) == pending)
    #expect(try FieldSelector(parsing: selector.description) == selector)
  }

  @Test("the value an equality term requires, as kubectl wait uses it")
  func requiredValue() throws {
    let selector = try FieldSelector(parsing: "metadata.name=web,metadata.namespace!=x")
    #expect(selector.requiredValue(for: "metadata.name") == "web")
    #expect(selector.requiredValue(for: "metadata.namespace") == nil)
    #expect(selector.requiredValue(for: "spec.nodeName") == nil)
    #expect(!selector.isEverything)
    #expect(FieldSelector.everything.isEverything)
    #expect(try FieldSelector(parsing: "").isEverything)
  }

  @Test("backslash escapes in values")
  func escapes() throws {
    let selector = try FieldSelector(parsing: #"metadata.name=a\,b\=c\\d"#)
    #expect(selector.requiredValue(for: "metadata.name") == #"a,b=c\d"#)
    #expect(selector.description == #"metadata.name=a\,b\=c\\d"#)
  }

  static let invalid: [(text: String, kind: String?, message: String)] = [
    ("spec.foo=bar", nil, "field label not supported: spec.foo"),
    ("metadata.labels=x", nil, "field label not supported: metadata.labels"),
    ("spec.nodeName=n1", "Service", "field label not supported: spec.nodeName"),
    ("metadata.name", nil, #"invalid field selector "metadata.name": can't understand 'metadata.name'"#),
    ("metadata.name=a=b", nil, "unescaped character '=' in value"),
    (#"metadata.name=a\b"#, nil, #"invalid escape sequence '\b'"#),
  ]

  @Test("rejects unsupported fields and malformed terms", arguments: invalid)
  func rejects(text: String, kind: String?, message: String) {
    do {
      let selector: FieldSelector
      if let kind {
        selector = try FieldSelector(parsing: text, kind: kind)
      } else {
        selector = try FieldSelector(parsing: text)
      }
      Issue.record("expected an error, parsed \(selector)")
    } catch {
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test("pod fields are accepted for pods and refused for other kinds on validation")
  func perKind() throws {
    let selector = try FieldSelector(parsing: "spec.nodeName=node-1", kind: "Pod")
    #expect(throws: SelectorError("field label not supported: spec.nodeName")) {
      try selector.validate(forKind: "Node")
    }
    try selector.validate(forKind: "Pod")
    #expect(FieldSelector.supportedFields(forKind: "Service") == ["metadata.name", "metadata.namespace"])
  }
}
