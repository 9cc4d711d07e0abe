import Shared

/// One subscriber's state for one type URL on one stream: what it asked for, what it holds, and
/// whether a response is awaiting its ACK. Pure value type; the stream handler does the I/O.
///
/// Semantics follow Envoy's delta xDS as Istio uses it: an empty first subscribe list (or `*`)
/// is a wildcard; other names are explicit, and may be aliases (`network/IP`); unknown explicit
/// names are answered in `removed_resources`; only one response is outstanding at a time, so a
/// subscriber that does not ACK is not sent more (and costs no memory while it stalls).
///
/// Memory: a wildcard subscriber in sync is described by the cache generation it has seen, not by
/// a copy of every name and version (100 agents × 100,000 workloads would otherwise cost GBs).
/// Per-name state is kept only for explicit names and for node-scoped resources it was sent.
struct DeltaSubscription: Sendable {
  private(set) var wildcard = false
  private(set) var explicit: Set<String> = []
  private(set) var pendingNonce: String?
  private(set) var sentFirst = false
  /// What the client said it holds when it (re)connected; consumed by the first full scan.
  private var initialVersions: [String: UInt64?] = [:]
  /// Resource name → version, for resources sent because they were named explicitly.
  private var explicitHeld: [String: UInt64] = [:]
  /// Node-scoped resources this subscriber holds: a change that hides one must remove it.
  private var scopedHeld: Set<String> = []
  private var needsFullScan = true
  private var seenGeneration: UInt64 = 0
  private var reportedMissing: Set<String> = []
  /// Names still to decide after a response hit the size limit, as segments of lists shared with
  /// the cache (a batch of 100,000 changes is one segment, not a per-subscriber copy). Each
  /// segment says whether it came from a full scan (then `initialVersions` applies to it).
  private var backlog: [BacklogSegment] = []
  /// A wildcard full scan in progress: the resources as they were when it began (shared with the
  /// cache, not copied) and how far it got. Changes made since are queued in `backlog` behind it.
  private var scanResources: [String: CachedResource]?
  private var scanIndex: Dictionary<String, CachedResource>.Index?

  /// Marks a response that is part of a larger set still being sent: the client should not call
  /// itself ready yet. Stock clients ignore it (it is only a suffix of `system_version_info`).
  static let partialMarker = "+more"

  enum Outcome: Equatable, Sendable {
    /// The request only changed what is subscribed (or is the first one).
    case subscription
    case ack
    /// The client rejected the response with this nonce; its message lists the reasons.
    case nack(String)
    /// A nonce that is not the outstanding one: an old ACK, ignored.
    case stale
  }

  /// Nothing awaits an ACK and nothing is left to send from the last scan.
  var isSynced: Bool { pendingNonce == nil && !hasMore }

  private var hasMore: Bool { scanResources != nil || !backlog.isEmpty }

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
      initialVersions = request.initialResourceVersions.mapValues(ContentHash.parse)
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
        explicitHeld[name] = nil
      }
      needsFullScan = true
    }
    return outcome
  }

  /// The response to send now, or nil when there is nothing new (or an ACK is awaited).
  ///
  /// Large sets go out in pieces of about `maxBytes` of resources, each after the previous ACK:
  /// neither end ever holds one giant message (a 100,000-workload snapshot is ~25 MB), and a
  /// subscriber's later small pushes are not slowed by buffers sized for the snapshot.
  mutating func nextResponse(
    from state: TypeState, node: String?, maxBytes: Int = 128 << 10, nonce: () -> String
  ) -> PendingResponse? {
    guard pendingNonce == nil else { return nil }
    let resolved = Set(explicit.compactMap { state.resolve($0) })
    var out = ResponseBuilder(maxBytes: maxBytes)
    // nil: first sync, a subscription change, or a subscriber too far behind the change log.
    let changed = needsFullScan ? nil : state.changes(since: seenGeneration)
    if let changed {
      // A name still queued from an earlier batch may be decided twice: it is then sent again
      // with the same version, which costs bytes but never correctness.
      if !changed.isEmpty { backlog.append(BacklogSegment(names: changed, fromFullScan: false)) }
    } else {
      var scan: [String] = []
      if wildcard {
        scanResources = state.resources
        scanIndex = state.resources.startIndex
      } else {
        scanResources = nil
        scan = Array(resolved)
      }
      // Names the client holds that the scan above would not visit: gone or out of interest.
      for name in Set(initialVersions.keys).union(explicitHeld.keys).union(scopedHeld)
      where !(wildcard ? state.resources[name] != nil : resolved.contains(name)) {
        scan.append(name)
      }
      backlog = scan.isEmpty ? [] : [BacklogSegment(names: scan, fromFullScan: true)]
    }
    seenGeneration = state.generation
    needsFullScan = false

    if let resources = scanResources, var index = scanIndex {
      // Walks the dictionary itself: no list of names, no second lookup per resource.
      while index != resources.endIndex && !out.full {
        let (name, resource) = resources[index]
        resources.formIndex(after: &index)
        decide(name, resource, node, resolved, full: true, &out)
      }
      if index == resources.endIndex {
        scanResources = nil
        scanIndex = nil
      } else {
        scanIndex = index
      }
    }
    while scanResources == nil, !backlog.isEmpty, !out.full {
      let segment = backlog[0]
      var next = segment.next
      while next < segment.names.count && !out.full {
        diff(segment.names[next], state, node, resolved, full: segment.fromFullScan, &out)
        next += 1
      }
      if next == segment.names.count { backlog.removeFirst() } else { backlog[0].next = next }
    }
    if !hasMore { initialVersions = [:] }

    // Explicit names that match nothing: tell the client so it stops waiting (ztunnel's
    // on-demand lookups by `network/IP` rely on this).
    for name in explicit where state.resolve(name) == nil && !reportedMissing.contains(name) {
      reportedMissing.insert(name)
      out.removed.append(name)
    }
    guard !sentFirst || !out.resources.isEmpty || !out.removed.isEmpty else { return nil }
    sentFirst = true
    let n = nonce()
    pendingNonce = n
    let version = String(state.generation) + (hasMore ? Self.partialMarker : "")
    return PendingResponse(nonce: n, resources: out.resources, removed: out.removed, systemVersion: version)
  }

  /// Collects one response's resources up to a byte budget.
  struct ResponseBuilder {
    let maxBytes: Int
    var resources: [[UInt8]] = []
    var removed: [String] = []
    var bytes = 0
    var full: Bool { bytes >= maxBytes }

    mutating func add(_ encoded: [UInt8]) {
      resources.append(encoded)
      bytes += encoded.count
    }
  }

  /// Decides one name: send it, remove it, or leave it. Runs once per resource per subscriber
  /// during a snapshot, so lookups in empty side tables are skipped.
  private mutating func diff(
    _ name: String, _ state: TypeState, _ node: String?, _ resolved: Set<String>, full: Bool,
    _ out: inout ResponseBuilder
  ) {
    if let resource = state.resources[name] {
      decide(name, resource, node, resolved, full: full, &out)
    } else {
      drop(name, present: false, full: full, &out)
    }
  }

  /// Decides a resource that exists: send it if the subscriber may see it and lacks this
  /// version, or remove it if the subscriber may no longer see it.
  private mutating func decide(
    _ name: String, _ resource: CachedResource, _ node: String?, _ resolved: Set<String>, full: Bool,
    _ out: inout ResponseBuilder
  ) {
    let isExplicit = !resolved.isEmpty && resolved.contains(name)
    guard resource.visible(to: node), wildcard || isExplicit else {
      drop(name, present: true, full: full, &out)
      return
    }
    let known: UInt64? =
      full ? (initialVersions.isEmpty ? nil : initialVersions[name] ?? nil) : (isExplicit ? explicitHeld[name] : nil)
    if known != resource.version { out.add(resource.encoded) }
    if isExplicit { explicitHeld[name] = resource.version }
    if resource.nodes != nil {
      scopedHeld.insert(name)
    } else if !scopedHeld.isEmpty {
      scopedHeld.remove(name)
    }
  }

  /// A name the subscriber should not have (gone, hidden from its node, or no longer of
  /// interest): remove it if the subscriber may hold it.
  private mutating func drop(_ name: String, present: Bool, full: Bool, _ out: inout ResponseBuilder) {
    let wasScoped = !scopedHeld.isEmpty && scopedHeld.remove(name) != nil
    let wasExplicit = !explicitHeld.isEmpty && explicitHeld.removeValue(forKey: name) != nil
    let heldBefore = full ? initialVersions[name] != nil : (wasScoped || wasExplicit || (wildcard && !present))
    if heldBefore || wasScoped || wasExplicit { out.removed.append(name) }
  }
}
