import Kube

/// Field selectors per kind. `FieldSelector` knows the fields every kind supports and the Pod
/// ones; kube-apiserver supports a few more that kubectl uses, chiefly the Event fields
/// `kubectl describe` selects an object's events by. Those are parsed here into the same terms.
enum FieldSelectorSupport {
  static let extraFields: [String: Set<String>] = [
    "Event": [
      "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
      "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
      "reportingComponent", "source", "type",
    ],
    "Secret": ["type"],
    "Node": ["spec.unschedulable"],
    "Namespace": ["status.phase"],
  ]

  /// The terms of `text` for `kind`, or the Kubernetes error `field label not supported: X`.
  static func terms(_ text: String, kind: String) throws(SelectorError) -> [FieldSelector.Term] {
    do {
      return try FieldSelector(parsing: text, kind: kind).terms
    } catch {
      guard let extra = extraFields[kind] else { throw error }
      let supported = FieldSelector.supportedFields(forKind: kind).union(extra)
      var terms: [FieldSelector.Term] = []
      for part in text.split(separator: ",") where !part.isEmpty {
        let (field, equals, value) = try split(String(part), selector: text)
        guard supported.contains(field) else { throw SelectorError("field label not supported: \(field)") }
        terms.append(FieldSelector.Term(field: field, equals: equals, value: value))
      }
      return terms
    }
  }

  private static func split(_ term: String, selector: String) throws(SelectorError) -> (String, Bool, String) {
    for (separator, equals) in [("!=", false), ("==", true), ("=", true)] {
      if let range = term.range(of: separator) {
        return (String(term[..<range.lowerBound]), equals, String(term[range.upperBound...]))
      }
    }
    throw SelectorError("invalid field selector \"\(selector)\": can't understand '\(term)'")
  }

  static func matches(_ terms: [FieldSelector.Term], _ object: KubeObject) -> Bool {
    terms.allSatisfy { (FieldSelector.fieldValue($0.field, of: object) == $0.value) == $0.equals }
  }
}
