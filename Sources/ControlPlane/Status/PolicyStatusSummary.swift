/// What one `PolicyStatusWriter.write` pass did, for logs, metrics and tests.
public struct PolicyStatusSummary: Sendable, Hashable {
  /// Objects whose `Accepted` condition was written.
  public var written = 0
  /// Objects whose condition already matched: no request beyond the read.
  public var unchanged = 0
  /// Objects that no longer exist (deleted since translation): skipped.
  public var missing = 0
  /// Reports that could not be written (unsupported kind, API error): logged.
  public var failed = 0

  public init(written: Int = 0, unchanged: Int = 0, missing: Int = 0, failed: Int = 0) {
    self.written = written
    self.unchanged = unchanged
    self.missing = missing
    self.failed = failed
  }
}
