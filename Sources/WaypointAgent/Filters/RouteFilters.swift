import Shared

/// Runs a matched route's HTTPRoute filters in order: header modifiers and URL rewrites change
/// the forwarded request and response; a redirect ends the request with a 3xx.
enum RouteFilters {
  enum Outcome: Sendable, Hashable {
    case forward(RequestRewrite, responseEdits: [HeaderEdit])
    case redirect(LocalResponse)
    /// A filter cannot be applied to this request: HTTP 500 (never forward it unmodified).
    case failure(String)
  }

  /// - Parameters:
  ///   - path: the normalized path (no query).
  ///   - matchedPrefix: see `CompiledMatch.replaceablePrefix`.
  static func apply(
    _ filters: [L7Filter], request: L7Request, path: Substring, matchedPrefix: String?
  ) -> Outcome {
    var rewrite = RequestRewrite()
    var responseEdits: [HeaderEdit] = []
    for filter in filters {
      switch filter {
      case .requestHeaderModifier(let modifier):
        rewrite.headerEdits += HeaderEdit.edits(for: modifier)
      case .responseHeaderModifier(let modifier):
        responseEdits += HeaderEdit.edits(for: modifier)
      case .urlRewrite(let urlRewrite):
        if let hostname = urlRewrite.hostname { rewrite.authority = hostname }
        if let modifier = urlRewrite.path {
          do throws(PathRewriter.Problem) {
            let newPath = try PathRewriter.rewrite(path, with: modifier, matchedPrefix: matchedPrefix)
            rewrite.target = PathRewriter.target(path: newPath, query: request.query)
          } catch {
            return .failure("URLRewrite: \(error.message)")
          }
        }
      case .requestRedirect(let redirect):
        do throws(PathRewriter.Problem) {
          return .redirect(
            try RedirectBuilder.response(redirect, request: request, path: path, matchedPrefix: matchedPrefix))
        } catch {
          return .failure("RequestRedirect: \(error.message)")
        }
      }
    }
    return .forward(rewrite, responseEdits: responseEdits)
  }
}
