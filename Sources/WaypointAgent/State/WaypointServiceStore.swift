import Shared
import Synchronization

/// The L7 configuration of every Service this waypoint serves, compiled once per push (regexes,
/// JWKS keys, policies) and swapped in whole: a request is decided against one version of its
/// Service's routes and policies, never half of an update.
public final class WaypointServiceStore: Sendable {
  private let services = Mutex<[String: CompiledService]>([:])
  private let pushes = Atomic<Int>(0)

  public init() {}

  /// The compiled Service `namespace/hostname`, if the control plane sent one.
  public func service(_ key: String) -> CompiledService? { services.withLock { $0[key] } }

  /// Every compiled Service, by key (for the config dump).
  public var all: [CompiledService] { services.withLock { $0.values.sorted { $0.key < $1.key } } }

  /// Pushes applied so far; readiness waits for the first.
  public var pushCount: Int { pushes.load(ordering: .relaxed) }

  public func apply(upserts: [CompiledService], removals: [String]) {
    services.withLock { table in
      for key in removals { table.removeValue(forKey: key) }
      for service in upserts { table[service.key] = service }
    }
    pushes.wrappingAdd(1, ordering: .relaxed)
  }
}
