/// What one spliced tunnel carried, for metrics and access logs.
public struct SpliceStats: Sendable {
  /// Bytes received from the HBONE peer (written to the plain TCP side).
  public var bytesFromPeer: UInt64 = 0
  /// Bytes sent to the HBONE peer (read from the plain TCP side).
  public var bytesToPeer: UInt64 = 0
  /// Set when the tunnel ended by an error or reset rather than an orderly close.
  public var error: (any Error)?

  public init() {}
}
