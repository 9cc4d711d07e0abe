import Kube

/// The query of a `pods/<name>/log` request (`?container=app&follow=true&tailLines=10`).
///
/// The dev cluster keeps each container's output as one byte stream without timestamps or
/// earlier restarts, so the options that need those (`previous`, `timestamps`, `sinceSeconds`,
/// `sinceTime`) are refused with a 400 that says so rather than silently ignored.
struct LogOptions: Sendable, Equatable {
  /// Empty when the client named none; `PodStreamChecks` resolves it against the pod.
  var container: String
  var follow: Bool
  var tailLines: Int?
  /// Stop after this many bytes (`kubectl logs --limit-bytes`).
  var limitBytes: Int?

  static func parse(_ query: QueryParameters) throws(KubeAPIError) -> LogOptions {
    for unsupported in ["previous", "timestamps"] where query.flag(unsupported) {
      throw KubeAPIError.badRequest(
        "\(unsupported)=true is not supported by the dev cluster: it keeps only the current container's output, "
          + "without timestamps")
    }
    for unsupported in ["sinceSeconds", "sinceTime"] where query[unsupported] != nil {
      throw KubeAPIError.badRequest(
        "\(unsupported) is not supported by the dev cluster: it keeps container output without timestamps; "
          + "use tailLines instead")
    }
    return LogOptions(
      container: query["container"] ?? "", follow: query.flag("follow"),
      tailLines: try nonNegative(query, "tailLines"), limitBytes: try positive(query, "limitBytes"))
  }

  private static func nonNegative(_ query: QueryParameters, _ name: String) throws(KubeAPIError) -> Int? {
    guard let text = query[name] else { return nil }
    guard let value = Int(text), value >= 0 else {
      throw KubeAPIError.badRequest("\(name) must be a non-negative integer, got \"\(text)\"")
    }
    return value
  }

  private static func positive(_ query: QueryParameters, _ name: String) throws(KubeAPIError) -> Int? {
    guard let text = query[name] else { return nil }
    guard let value = Int(text), value > 0 else {
      throw KubeAPIError.badRequest("\(name) must be a positive integer, got \"\(text)\"")
    }
    return value
  }
}
