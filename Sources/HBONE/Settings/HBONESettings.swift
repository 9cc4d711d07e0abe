import NIOHTTP2

/// HTTP/2 and pooling limits of an HBONE connection, as Istio's ztunnel sets them (wire-facts §5).
/// Large windows matter: one HBONE connection carries up to 100 tunnelled TCP streams, and a small
/// window would cap each stream's throughput at window / RTT.
public struct HBONESettings: Sendable, Equatable {
  public var streamWindowBytes: Int = 4 << 20
  public var connectionWindowBytes: Int = 16 << 20
  public var maxFrameBytes: Int = 1 << 20
  public var maxHeaderListBytes: Int = 16 << 10
  /// What a server accepts on one connection.
  public var maxConcurrentStreams: Int = 200
  /// What a pooled client puts on one connection before opening another.
  public var maxStreamsPerPooledConnection: Int = 100
  public var pingInterval: Duration = .seconds(10)
  public var pingTimeout: Duration = .seconds(20)
  public var poolIdleTimeout: Duration = .seconds(300)

  public init() {}

  /// The SETTINGS frame both sides send first.
  public var initialSettings: HTTP2Settings {
    [
      HTTP2Setting(parameter: .initialWindowSize, value: streamWindowBytes),
      HTTP2Setting(parameter: .maxFrameSize, value: maxFrameBytes),
      HTTP2Setting(parameter: .maxHeaderListSize, value: maxHeaderListBytes),
      HTTP2Setting(parameter: .maxConcurrentStreams, value: maxConcurrentStreams),
    ]
  }
}

extension HBONESettings {
  /// Connection-level settings: initial SETTINGS and the 16 MiB connection window.
  var connectionConfiguration: NIOHTTP2Handler.ConnectionConfiguration {
    var configuration = NIOHTTP2Handler.ConnectionConfiguration()
    configuration.initialSettings = initialSettings
    configuration.targetWindowSize = connectionWindowBytes
    return configuration
  }

  /// Per-stream settings: the 4 MiB window, and an outbound buffer large enough that a stream
  /// is not reported unwritable (pausing its source) after a few KB.
  var streamConfiguration: NIOHTTP2Handler.StreamConfiguration {
    var configuration = NIOHTTP2Handler.StreamConfiguration()
    configuration.targetWindowSize = streamWindowBytes
    configuration.outboundBufferSizeHighWatermark = 1 << 20
    configuration.outboundBufferSizeLowWatermark = 256 << 10
    return configuration
  }
}
