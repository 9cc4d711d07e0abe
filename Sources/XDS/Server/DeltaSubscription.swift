import Shared

/// One subscriber's state for one type URL on one stream: what it asked for, what it holds, and
/// whether a response is awaiting its ACK. Pure value type; the stream handler does the I/O.
///
/// Semantics follow Envoy's delta xDS as Istio uses it: an empty first subscribe list (or `*`)
/// is a wildcard; other names are explicit, and may be aliases (`network/IP`); unknown explicit
/// names are answered in `removed_resources`; only one response is outstanding at a time, so a
/// subscriber that does not ACK is not sent more (and costs no memory while it stalls).
struct DeltaSubscription: Sendable {
  private(set) var wildcard = false
  private(set) var explicit: Set<String> = []
  /// Resource name → version the client holds.
  private(set) var held: [String: String] = [:]
  private(set) var pendingNonce: String?
  private(set) var sentFirst = false
  private var needsFullScan = true
  private var seenGeneration: UInt64 = 0
  private var reportedMissing: Set<String> = []

  enum Outcome: Equatable, Sendable {
    /// The request only changed what is subscribed (or is the first one).
    case subscription
    case ack
    /// The client rejected the response with this nonce; its message lists the reasons.
    case nack(String)
    /// A nonce that is not the outstanding one: an old ACK, ignored.
    case stale
  }

  /// Applies a request from the client.
  mutating func apply(_ request: Envoy_Service_Discovery_V3_DeltaDiscoveryRequest, first: Bool) -> Outcome {
    var outcome = Outcome.subscription
    if !request.responseNonce.isEmpty {
      if request.responseNonce == pendingNonce {
        pendingNonce = nil
        let nacked = request.hasErrorDetail && (request.errorDetail.code != 0 || !request.errorDetail.message.isEmpty)
        outcome = nacked ? .nack(request.errorDetail.message) : .ack
      } else {
        outcome = .stale
      }
    }
    if first {
      held = request.initialResourceVersions
      if request.resourceNamesSubscribe.isEmpty && request.resourceNamesUnsubscribe.isEmpty { wildcard = true }
      needsFullScan = true
    }
    for name in request.resourceNamesSubscribe {
      if name == "*" { wildcard = true } else { explicit.insert(name) }
      reportedMissing.remove(name)
      needsFullScan = true
    }
    for name in request.resourceNamesUnsubscribe {
      if name == "*" {
        wildcard = false
      } else {
        explicit.remove(name)
        reportedMissing.remove(name)
        held[name] = nil
      }
      needsFullScan = true
    }
    return outcome
  }

  /// The response to send now, or nil when there is nothing new (or an ACK is awaited).
  mutating func nextResponse(from state: TypeState, node: String?, nonce: () -> String) -> PendingResponse? {
    guard pendingNonce == nil else { return nil }
    let resolved = Set(explicit.compactMap { state.resolve($0) })
    func interested(_ name: String) -> Bool { wildcard || resolved.contains(name) }

    let candidates: [String]
    if !needsFullScan, let changed = state.changes(since: seenGeneration) {
      candidates = changed
    } else if wildcard {
      candidates = Array(state.resources.keys) + held.keys.filter { state.resources[$0] == nil }
    } else {
      candidates = Array(resolved) + held.keys.filter { !resolved.contains($0) }
    }
    var resources: [[UInt8]] = []
    var removed: [String] = []
    var seen = Set<String>()
    for name in candidates where seen.insert(name).inserted {
      if let resource = state.resources[name], resource.visible(to: node), interested(name) {
        if held[name] != resource.version {
          resources.append(resource.encoded)
          held[name] = resource.version
        }
      } else if held.removeValue(forKey: name) != nil {
        removed.append(name)
      }
    }
    // Explicit names that match nothing: tell the client so it stops waiting (ztunnel's
    // on-demand lookups by `network/IP` rely on this).
    for name in explicit where state.resolve(name) == nil && !reportedMissing.contains(name) {
      reportedMissing.insert(name)
      removed.append(name)
    }
    needsFullScan = false
    seenGeneration = state.generation
    guard !sentFirst || !resources.isEmpty || !removed.isEmpty else { return nil }
    sentFirst = true
    let n = nonce()
    pendingNonce = n
    return PendingResponse(nonce: n, resources: resources, removed: removed, systemVersion: String(state.generation))
  }
}
