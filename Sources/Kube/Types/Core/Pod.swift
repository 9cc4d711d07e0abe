import Foundation

/// A Pod: the workload the mesh captures and the control plane turns into an Istio `Workload`.
///
/// Spec readers delegate to `PodSpec`; status readers and writers (the dev cluster's node runner
/// reports addresses, phase and readiness through them) are in `Pod+Status.swift`.
public struct Pod: KubeResource {
  public static let resourceType = ResourceType.pod
  public var object: KubeObject

  public init(_ object: KubeObject) { self.object = object }

  /// `spec` as a `PodSpec`; writing it replaces `spec`.
  public var podSpec: PodSpec {
    get { PodSpec(json: object.spec ?? [:]) }
    set { object.spec = newValue.json }
  }

  public var nodeName: String? {
    get { podSpec.nodeName }
    set { podSpec.nodeName = newValue }
  }

  /// `default` when the spec names none.
  public var serviceAccountName: String {
    get { podSpec.serviceAccountName }
    set { podSpec.serviceAccountName = newValue }
  }

  public var hostNetwork: Bool { podSpec.hostNetwork }

  public var containers: [Container] {
    get { podSpec.containers }
    set { podSpec.containers = newValue }
  }

  /// Set once deletion was requested; the pod may linger while it terminates.
  public var deletionTimestamp: Date? { object.deletionTimestamp.flatMap(KubeTime.parse) }

  /// Deletion requested: the mesh stops sending new connections to it.
  public var isTerminating: Bool { object.deletionTimestamp != nil }

  public var ownerReferences: [OwnerReference] {
    get { object.ownerReferences }
    set { object.ownerReferences = newValue }
  }
}
