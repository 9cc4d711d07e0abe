import Shared

/// The mutable tables behind a `WorkloadSnapshot`, with every secondary index kept in step on
/// each upsert and removal, so that lookups on the connection path never scan or recompute.
///
/// A value type: the store copies it (copy-on-write), applies a whole push, and publishes the
/// result as a new immutable snapshot, which is what makes a push atomic for readers.
struct WorkloadIndex: Sendable {
  var workloads: [String: Workload] = [:]
  /// `network/IP` → workload uid. The most recent claim of an address wins.
  var workloadByAddress: [NetworkAddress: String] = [:]
  /// `namespace/hostname` → service.
  var services: [String: Service] = [:]
  /// `network/VIP` → service resource name.
  var serviceByAddress: [NetworkAddress: String] = [:]
  /// Service resource name → uids of the workloads whose `services` map names it.
  var endpoints: [String: Set<String>] = [:]
  /// `namespace/name` → policy.
  var policies: [String: AuthorizationPolicy] = [:]
  /// Keys of global-scope policies (they apply to every workload).
  var globalPolicies: Set<String> = []
  /// Namespace → keys of namespace-scope policies in it.
  var namespacePolicies: [String: Set<String>] = [:]

  // MARK: Workloads

  /// Inserts or replaces a workload and returns the one it replaced.
  @discardableResult
  mutating func upsert(_ workload: Workload) -> Workload? {
    // A resource name moving from a service to a workload must not leave the service behind.
    if services[workload.uid] != nil { removeService(named: workload.uid) }
    let old = workloads.updateValue(workload, forKey: workload.uid)
    if let old {
      for address in old.networkAddresses where workloadByAddress[address] == old.uid {
        workloadByAddress[address] = nil
      }
      for key in old.services.keys where workload.services[key] == nil {
        removeEndpoint(old.uid, from: key)
      }
    }
    for address in workload.networkAddresses { workloadByAddress[address] = workload.uid }
    for key in workload.services.keys { endpoints[key, default: []].insert(workload.uid) }
    return old
  }

  /// Removes a workload by uid and returns it.
  @discardableResult
  mutating func removeWorkload(uid: String) -> Workload? {
    guard let old = workloads.removeValue(forKey: uid) else { return nil }
    for address in old.networkAddresses where workloadByAddress[address] == uid {
      workloadByAddress[address] = nil
    }
    for key in old.services.keys { removeEndpoint(uid, from: key) }
    return old
  }

  private mutating func removeEndpoint(_ uid: String, from service: String) {
    guard var set = endpoints[service] else { return }
    set.remove(uid)
    endpoints[service] = set.isEmpty ? nil : set
  }

  // MARK: Services

  @discardableResult
  mutating func upsert(_ service: Service) -> Service? {
    let name = service.resourceName
    if workloads[name] != nil { removeWorkload(uid: name) }
    let old = services.updateValue(service, forKey: name)
    if let old {
      for address in old.addresses where serviceByAddress[address] == name { serviceByAddress[address] = nil }
    }
    for address in service.addresses { serviceByAddress[address] = name }
    return old
  }

  @discardableResult
  mutating func removeService(named name: String) -> Service? {
    guard let old = services.removeValue(forKey: name) else { return nil }
    for address in old.addresses where serviceByAddress[address] == name { serviceByAddress[address] = nil }
    return old
  }

  // MARK: Policies

  @discardableResult
  mutating func upsert(_ policy: AuthorizationPolicy) -> AuthorizationPolicy? {
    let old = removePolicy(key: policy.key)
    policies[policy.key] = policy
    switch policy.scope {
    case .global: globalPolicies.insert(policy.key)
    case .namespace: namespacePolicies[policy.namespace, default: []].insert(policy.key)
    case .workloadSelector: break
    }
    return old
  }

  @discardableResult
  mutating func removePolicy(key: String) -> AuthorizationPolicy? {
    guard let old = policies.removeValue(forKey: key) else { return nil }
    switch old.scope {
    case .global: globalPolicies.remove(key)
    case .namespace:
      namespacePolicies[old.namespace]?.remove(key)
      if namespacePolicies[old.namespace]?.isEmpty == true { namespacePolicies[old.namespace] = nil }
    case .workloadSelector: break
    }
    return old
  }
}

extension Workload {
  /// The `network/IP` keys this workload is reachable at.
  var networkAddresses: [NetworkAddress] { addresses.map { NetworkAddress(network: network, address: $0) } }
}
