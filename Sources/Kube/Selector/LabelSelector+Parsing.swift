extension LabelSelector {
  /// The query-string form: "a=b,c!=d,e in (f,g),h notin (i),j,!k" (also "==", and ">"/"<" on integer
  /// values), with the same validation Kubernetes does (label key/value syntax). Error messages quote the
  /// selector and name the offending term. An empty string selects everything.
  public init(parsing text: String) throws(SelectorError) {
    var parser = LabelSelectorParser(text)
    do {
      self.init(requirements: try parser.parse())
    } catch {
      throw SelectorError("unable to parse label selector \"\(text)\": \(error.message)")
    }
  }
}
