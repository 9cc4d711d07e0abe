import Kube
import ServiceLifecycle

/// Runs informers for the life of the process; graceful shutdown cancels their watches.
public struct InformerService: Service {
  public let informers: [Informer]

  public init(informers: [Informer]) { self.informers = informers }

  public func run() async throws {
    try await cancelWhenGracefulShutdown {
      await withTaskGroup(of: Void.self) { group in
        for informer in informers { group.addTask { await informer.run() } }
        await group.waitForAll()
      }
    }
  }
}
