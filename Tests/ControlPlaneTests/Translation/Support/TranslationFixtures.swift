import ControlPlane
import Kube
import Shared
import Testing

/// Builds cluster snapshots from the manifests users write (plus the status the cluster adds),
/// and asks translated snapshots the questions the tests care about.
enum TranslationFixtures {
  /// Every object of `yaml`, sorted into a snapshot by kind.
  static func cluster(_ yaml: String) throws -> ClusterSnapshot {
    var cluster = ClusterSnapshot()
    for document in try YAMLDocuments.parse(yaml) {
      let object = try KubeObject(json: document)
      switch object.kind {
      case "Namespace": cluster.namespaces[object.name] = Namespace(object)
      case "Pod": cluster.pods.append(Pod(object))
      case "Service": cluster.services.append(KubeService(object))
      case "EndpointSlice": cluster.endpointSlices.append(EndpointSlice(object))
      case "Gateway": cluster.gateways.append(Gateway(object))
      case "AuthorizationPolicy": cluster.authorizationPolicies.append(KubeAuthorizationPolicy(object))
      case "PeerAuthentication": cluster.peerAuthentications.append(PeerAuthentication(object))
      default: Issue.record("fixture has an unexpected kind \(object.kind)")
      }
    }
    return cluster
  }

  static func translate(_ yaml: String, config: MeshConfig = MeshConfig()) throws -> MeshSnapshot {
    MeshTranslator.translate(try cluster(yaml), config: config)
  }

  /// A Namespace with labels.
  static func namespace(_ name: String, labels: [String: String] = [:]) -> String {
    """
    apiVersion: v1
    kind: Namespace
    metadata: {name: \(name), labels: \(flow(labels))}
    ---

    """
  }

  /// A running pod with an address, Ready unless told otherwise.
  static func pod(
    _ name: String, namespace: String, ip: String, labels: [String: String] = [:],
    annotations: [String: String] = [:], serviceAccount: String = "default", ready: Bool = true,
    phase: String = "Running", extraSpec: String = "", extraMetadata: String = "",
    ports: String = "[{containerPort: 80}]"
  ) -> String {
    """
    apiVersion: v1
    kind: Pod
    metadata: {name: \(name), namespace: \(namespace), labels: \(flow(labels)), annotations: \(flow(annotations))\(extraMetadata)}
    spec:
      serviceAccountName: \(serviceAccount)
      nodeName: node-1
      containers: [{name: main, image: app, ports: \(ports)}]
    \(extraSpec.isEmpty ? "" : "  " + extraSpec)
    status:
      phase: \(phase)
      podIP: \(ip)
      podIPs: [{ip: \(ip)}]
      conditions: [{type: Ready, status: "\(ready ? "True" : "False")"}]
    ---

    """
  }

  /// `{a: "b"}` with every value quoted.
  static func flow(_ map: [String: String]) -> String {
    "{" + map.sorted { $0.key < $1.key }.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", ") + "}"
  }

  static let captured = [MeshLabels.redirectionAnnotation: MeshLabels.redirectionEnabled]
  static let ambient = [MeshLabels.dataplaneMode: "ambient"]

  static func identity(_ namespace: String, _ serviceAccount: String) throws -> SpiffeIdentity {
    try SpiffeIdentity(trustDomain: MeshDefaults.trustDomain, namespace: namespace, serviceAccount: serviceAccount)
  }

  /// The L4 verdict for a connection from `source` (nil: plaintext) at `sourceIP` to `workload`'s
  /// first address on `port`, using the policies the snapshot sends.
  static func verdict(
    _ mesh: MeshSnapshot, from source: SpiffeIdentity?, sourceIP: String = "10.9.9.9", to workload: Workload,
    port: UInt16 = 80
  ) throws -> AuthorizationVerdict {
    let destination = try #require(workload.addresses.first)
    let connection = ConnectionAttributes(
      sourceIdentity: source, sourceIP: try IPAddress(sourceIP), destinationIP: destination, destinationPort: port)
    return AuthorizationEvaluator.evaluate(mesh.policies, for: connection, to: workload)
  }
}

extension MeshSnapshot {
  func workload(_ namespace: String, _ name: String) -> Workload? {
    workloads.first { $0.namespace == namespace && $0.name == name }
  }

  func service(_ namespace: String, _ name: String) -> Shared.Service? {
    services.first { $0.namespace == namespace && $0.name == name }
  }

  func policy(_ key: String) -> AuthorizationPolicy? { policies.first { $0.key == key } }
}
