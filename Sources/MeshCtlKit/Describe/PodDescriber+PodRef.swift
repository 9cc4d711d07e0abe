extension PodDescriber.PodRef {
  /// `name` in `defaultNamespace`, or `namespace/name`.
  public init(parsing text: String, defaultNamespace: String) {
    let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
    if parts.count == 2 {
      self.init(namespace: parts[0], name: parts[1])
    } else {
      self.init(namespace: defaultNamespace, name: text)
    }
  }
}
