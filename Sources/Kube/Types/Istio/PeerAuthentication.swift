/// An Istio PeerAuthentication (`security.istio.io`): whether workloads accept plaintext.
public struct PeerAuthentication: IstioPolicyResource {
  public static let resourceType = ResourceType.peerAuthentication
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// `spec.mtls.mode`: `.unset` when absent (inherit). `nil` for an unknown value, which the
  /// control plane should report rather than guess at.
  public var mtlsMode: MutualTLSMode? {
    get {
      guard let text = field("spec", "mtls", "mode")?.stringValue else { return .unset }
      return MutualTLSMode(rawValue: text)
    }
    set { setField(newValue.map { .string($0.rawValue) }, "spec", "mtls", "mode") }
  }

  /// `spec.portLevelMtls`: per-port overrides, keyed by the workload's port number. Entries whose
  /// key is not a port number or whose mode is unknown are left out.
  public var portLevelMtls: [Int: MutualTLSMode] {
    get {
      var result: [Int: MutualTLSMode] = [:]
      for (key, value) in field("spec", "portLevelMtls")?.objectValue ?? [:] {
        guard let port = Int(key), let text = value["mode"]?.stringValue, let mode = MutualTLSMode(rawValue: text)
        else { continue }
        result[port] = mode
      }
      return result
    }
    set {
      var members: [String: JSONValue] = [:]
      for (port, mode) in newValue { members[String(port)] = ["mode": .string(mode.rawValue)] }
      setField(members.isEmpty ? nil : .object(members), "spec", "portLevelMtls")
    }
  }
}
