import Kube

/// The `pod-template-hash` label value: which template a pod was stamped from, so a template
/// change is seen as a new revision. Computed as Kubernetes does (FNV-1a 32 over the template,
/// the decimal digits mapped into `rand.SafeEncodeString`'s alphabet, which has no vowels so no
/// words appear); the template is serialized with sorted keys, so the value is stable across
/// restarts.
public enum PodTemplateHash {
  public static let label = "pod-template-hash"
  /// DaemonSet pods carry the revision under this label.
  public static let daemonSetLabel = "controller-revision-hash"

  static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

  public static func of(_ template: JSONValue?) -> String {
    var hash: UInt32 = 0x811c_9dc5
    for byte in (template ?? .object([:])).serialized() {
      hash ^= UInt32(byte)
      hash = hash &* 0x0100_0193
    }
    return String(String(hash).utf8.map { alphabet[Int($0) % alphabet.count] })
  }
}
