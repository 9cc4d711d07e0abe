import CA

/// Who is on the other end of a stream, from its token (never from what the request claims).
struct XDSSubscriber: Sendable, CustomStringConvertible {
  let caller: AuthenticatedCaller
  /// The node the caller's pod runs on, when known: selects the per-node view.
  let node: String?

  var description: String { node.map { "\(caller) on \($0)" } ?? "\(caller)" }
}
