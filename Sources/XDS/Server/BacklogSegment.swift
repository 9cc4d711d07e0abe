/// A run of names to decide, shared with whoever produced the list, and how far it got.
struct BacklogSegment: Sendable {
  let names: [String]
  let fromFullScan: Bool
  var next = 0
}
