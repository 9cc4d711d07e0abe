import Kube

/// Finds a workload identity's certificate in a ztunnel `/config_dump`.
public enum CertificateLookup {
  public static func state(identity: String?, dump: JSONValue) -> PodDescription.CertificateState {
    guard let identity else { return PodDescription.CertificateState(state: "none: the pod has no mesh identity yet") }
    let entry = (dump["certificates"]?.arrayValue ?? []).first { $0["identity"]?.stringValue == identity }
    guard let entry else {
      return PodDescription.CertificateState(state: "not held by the ztunnel (it fetches one when the pod is captured)")
    }
    let leaf = entry["certChain"]?.arrayValue?.first
    return PodDescription.CertificateState(
      state: entry["state"]?.stringValue ?? "unknown", expires: leaf?["expirationTime"]?.stringValue)
  }
}
