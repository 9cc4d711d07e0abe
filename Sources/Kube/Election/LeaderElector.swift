import Foundation
import Logging
import Synchronization

/// Lease-based leader election, as Kubernetes controllers do it: one replica of the control plane
/// writes (Deployments, statuses) while the others stand by, and a crashed leader is replaced within
/// one lease duration.
public final class LeaderElector: Sendable {
  public let namespace: String
  public let name: String
  public let identity: String
  public let leaseDuration: Duration
  public let renewDeadline: Duration
  public let retryPeriod: Duration
  private let client: KubeClient
  private let logger: Logger
  private let leading = Mutex(false)

  public init(
    client: KubeClient, namespace: String, name: String, identity: String, leaseDuration: Duration = .seconds(15),
    renewDeadline: Duration = .seconds(10), retryPeriod: Duration = .seconds(2),
    logger: Logger = Logger(label: "kube.leader-election")
  ) {
    self.client = client
    self.namespace = namespace
    self.name = name
    self.identity = identity
    self.leaseDuration = leaseDuration
    self.renewDeadline = renewDeadline
    self.retryPeriod = retryPeriod
    self.logger = logger
  }

  public var isLeader: Bool { leading.withLock { $0 } }

  /// Campaigns until cancelled. While this replica leads, `lead` runs; it is cancelled as soon as the
  /// lease cannot be renewed within `renewDeadline`, and the campaign starts again. On cancellation
  /// the lease is released so a standby takes over at once instead of after expiry.
  public func run(lead: @escaping @Sendable () async -> Void) async {
    var observed: (record: LeaseRecord?, at: ContinuousClock.Instant) = (nil, .now)
    while !Task.isCancelled {
      if await tryAcquireOrRenew(observed: &observed) {
        leading.withLock { $0 = true }
        logger.info("became leader", metadata: ["lease": "\(namespace)/\(name)", "identity": "\(identity)"])
        let snapshot = observed
        await withTaskGroup(of: Void.self) { group in
          group.addTask { await lead() }
          group.addTask { await self.renewUntilLost(observed: snapshot) }
          _ = await group.next()
          group.cancelAll()
        }
        leading.withLock { $0 = false }
        logger.info("stopped leading", metadata: ["lease": "\(namespace)/\(name)"])
        if Task.isCancelled { break }
      }
      try? await Task.sleep(for: retryPeriod * Double.random(in: 1.0...1.2))
    }
    await release()
  }

  /// Renews every retry period; returns when a renewal has failed for longer than `renewDeadline`.
  private func renewUntilLost(observed: (record: LeaseRecord?, at: ContinuousClock.Instant)) async {
    var observed = observed
    var lastRenewal = ContinuousClock.now
    while !Task.isCancelled {
      try? await Task.sleep(for: retryPeriod)
      if Task.isCancelled { return }
      if await tryAcquireOrRenew(observed: &observed) {
        lastRenewal = .now
      } else if ContinuousClock.now - lastRenewal > renewDeadline {
        logger.warning("could not renew the lease in time, stepping down")
        return
      }
    }
  }

  private func tryAcquireOrRenew(observed: inout (record: LeaseRecord?, at: ContinuousClock.Instant)) async -> Bool {
    var lease: Lease?
    do {
      lease = try await client.get(Lease.self, namespace: namespace, name: name)
    } catch  where error.isNotFound {
      lease = nil
    } catch {
      logger.debug("cannot read the lease", metadata: ["kube.error": "\(error)"])
      return false
    }
    let current = lease.map(LeaseRecord.init)
    if current != observed.record { observed = (current, .now) }
    let decision = LeaseDecision.decide(
      current: current, identity: identity, now: Date(), observedUnchangedFor: .now - observed.at,
      leaseDuration: leaseDuration)
    do {
      switch decision {
      case .wait:
        return false
      case .create(let record):
        var created = Lease(namespace: namespace, name: name)
        record.apply(to: &created)
        _ = try await client.create(created)
        observed = (record, .now)
      case .update(let record):
        guard var updated = lease else { return false }
        record.apply(to: &updated)
        _ = try await client.update(updated)
        observed = (record, .now)
      }
      return true
    } catch {
      // A conflict means another replica wrote first: it won this round.
      logger.debug("lease write lost", metadata: ["kube.error": "\(error)"])
      return false
    }
  }

  /// Gives the lease up (empty holder) if this replica still holds it.
  private func release() async {
    guard var lease = try? await client.get(Lease.self, namespace: namespace, name: name) else { return }
    guard lease.holderIdentity == identity else { return }
    lease.holderIdentity = ""
    lease.leaseDurationSeconds = 1
    lease.renewTime = Date()
    _ = try? await client.update(lease)
  }
}
