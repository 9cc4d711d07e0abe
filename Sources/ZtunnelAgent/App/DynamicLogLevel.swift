import Logging
import Synchronization

/// A log level that can change while the agent runs (`POST /logging?level=debug` on the admin
/// port): swift-log loggers copy their level when created, so handlers consult this shared value
/// instead, the way Istio's ztunnel lets an operator turn on debug logs without a restart.
public final class DynamicLogLevel: Sendable {
  private let level: Mutex<Logger.Level>

  public init(_ initial: Logger.Level = .info) { level = Mutex(initial) }

  public var current: Logger.Level {
    get { level.withLock { $0 } }
    set { level.withLock { $0 = newValue } }
  }

  /// A handler for `LoggingSystem.bootstrap` that writes to stderr at the current level.
  public func handler(label: String) -> any LogHandler {
    LevelFollowingHandler(inner: StreamLogHandler.standardError(label: label), level: self)
  }
}

/// Defers the level to `DynamicLogLevel`; everything else to the wrapped handler.
struct LevelFollowingHandler: LogHandler {
  var inner: any LogHandler
  let level: DynamicLogLevel

  var logLevel: Logger.Level {
    get { level.current }
    set {}
  }

  var metadata: Logger.Metadata {
    get { inner.metadata }
    set { inner.metadata = newValue }
  }

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { inner[metadataKey: key] }
    set { inner[metadataKey: key] = newValue }
  }

  func log(event: LogEvent) {
    inner.log(event: event)
  }
}
