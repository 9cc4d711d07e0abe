import Kube
import MeshCtlKit
import Testing

@Suite("meshctl install --wait")
struct InstallReadinessTests {
  static func object(_ json: JSONValue) throws -> KubeObject { try KubeObject(json: json) }

  @Test("ready only when every control plane replica is available and every scheduled ztunnel is ready")
  func readiness() throws {
    let istiod = try Self.object([
      "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "istiod"], "spec": ["replicas": 2],
      "status": ["availableReplicas": 1],
    ])
    let ztunnel = try Self.object([
      "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "ztunnel"],
      "status": ["desiredNumberScheduled": 2, "numberReady": 2],
    ])
    let waiting = InstallReadiness(controlPlane: istiod, ztunnel: ztunnel)
    #expect(!waiting.ready)
    #expect(waiting.waitingFor == ["istiod 1/2 available"])
    var up = istiod
    up.json.setValue(.int(2), at: ["status", "availableReplicas"])
    #expect(InstallReadiness(controlPlane: up, ztunnel: ztunnel).ready)
    // A DaemonSet no node runs yet is not "ready on every node".
    let none = try Self.object(["apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "ztunnel"]])
    #expect(InstallReadiness(controlPlane: up, ztunnel: none).waitingFor == ["ztunnel 0/0 ready"])
    #expect(InstallReadiness(controlPlane: nil, ztunnel: nil).waitingFor.count == 2)
  }
}
