import Kube

/// `dryRun=All`: validate and answer as if written, store nothing.
enum DryRun {
  static func parse(_ values: [String]) throws(KubeAPIError) -> Bool {
    for value in values where value != "All" {
      throw KubeAPIError.badRequest("dryRun: Unsupported value: \"\(value)\": supported values: \"All\"")
    }
    return !values.isEmpty
  }
}
