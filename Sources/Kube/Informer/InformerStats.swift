/// Counters an operator (and a test) reads to see how the informer has been doing.
public struct InformerStats: Sendable, Hashable {
  public var lists = 0
  /// Relists forced by a 410 Gone (history compacted past the informer's version).
  public var goneRelists = 0
  public var watchesStarted = 0
  /// Watches that ended with an error (connection broken, server gone) rather than a timeout.
  public var watchFailures = 0
  public var eventsApplied = 0
  /// Watch events that changed nothing (replays), dropped before consumers.
  public var duplicatesDropped = 0
  public var bookmarks = 0
  public var lastResourceVersion = ""
}
