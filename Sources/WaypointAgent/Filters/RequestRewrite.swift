/// How the forwarded request differs from the one received: everything the filters, the path
/// normalization and the JWT filter change, for the proxy to apply to the head it holds.
public struct RequestRewrite: Sendable, Hashable {
  /// New `Host` / `:authority`, if changed.
  public var authority: String?
  /// New origin-form target (path and query), if changed.
  public var target: String?
  public var headerEdits: [HeaderEdit]

  public init(authority: String? = nil, target: String? = nil, headerEdits: [HeaderEdit] = []) {
    self.authority = authority
    self.target = target
    self.headerEdits = headerEdits
  }

  public var isEmpty: Bool { authority == nil && target == nil && headerEdits.isEmpty }
}
