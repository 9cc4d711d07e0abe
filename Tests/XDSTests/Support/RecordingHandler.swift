import Foundation
import Shared
import Synchronization
import XDS

/// An agent-side handler that decodes Address resources into the model, records what it holds,
/// and rejects names listed in `reject` (to exercise NACKs).
final class RecordingHandler: XDSTypeHandler, Sendable {
  struct Held: Sendable {
    var byName: [String: MeshAddress] = [:]
    var aliases: [String: [String]] = [:]
    var removals: [String] = []
    var pushes = 0
  }

  let reject: Set<String>
  let held = Mutex(Held())

  init(reject: Set<String> = []) { self.reject = reject }

  func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
    var rejected: [String: String] = [:]
    var decoded: [(String, MeshAddress, [String])] = []
    for r in upserts {
      if reject.contains(r.name) {
        rejected[r.name] = "rejected by test policy"
        continue
      }
      do {
        decoded.append(
          (
            r.name, try MeshAddress(wire: try Istio_Workload_Address(serializedBytes: r.payload), resourceName: r.name),
            r.aliases
          ))
      } catch {
        rejected[r.name] = "\(error)"
      }
    }
    held.withLock { h in
      h.pushes += 1
      for (name, value, aliases) in decoded {
        h.byName[name] = value
        h.aliases[name] = aliases
      }
      for name in removals { h.byName[name] = nil }
      h.removals += removals
    }
    return rejected
  }

  var count: Int { held.withLock { $0.byName.count } }
  func value(_ name: String) -> MeshAddress? { held.withLock { $0.byName[name] } }
}

/// Authorization resources are only counted here.
final class CountingHandler: XDSTypeHandler, Sendable {
  let names = Mutex(Set<String>())
  func apply(upserts: [ReceivedResource], removals: [String]) async -> [String: String] {
    names.withLock { n in
      for r in upserts { n.insert(r.name) }
      for r in removals { n.remove(r) }
    }
    return [:]
  }
}
