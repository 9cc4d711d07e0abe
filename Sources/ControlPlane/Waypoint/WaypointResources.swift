import Kube
import Shared

/// The objects that run one waypoint: a ServiceAccount (the waypoint's SPIFFE identity), a
/// Deployment of the waypoint proxy, and a Service whose ClusterIP becomes the Gateway's address.
///
/// Pure: computed from the Gateway and the settings only, so what the controller applies can be
/// checked in a table test and is the same on every replica. All three are named after the
/// Gateway, live in its namespace and name it as their controlling owner, so deleting the Gateway
/// lets the API server's garbage collector remove them.
public struct WaypointResources: Sendable, Hashable {
  public var serviceAccount: ServiceAccount
  public var deployment: Deployment
  public var service: KubeService

  public static let containerName = "waypoint"
  public static let meshPortName = "mesh"
  public static let statusPortName = "status-port"
  public static let metricsPortName = "metrics"
  public static let readinessPath = "/healthz/ready"

  /// The desired objects for `gateway`. The Gateway must have been read from the API server: its
  /// `uid` goes into the owner references.
  public init(gateway: Gateway, settings: WaypointSettings = WaypointSettings()) {
    let name = gateway.name
    let namespace = gateway.namespace
    let owner = OwnerReference(controlledBy: gateway.object)
    let labels = Self.labels(gatewayName: name)

    var serviceAccount = ServiceAccount(namespace: namespace, name: name, labels: labels)
    serviceAccount.object.ownerReferences = [owner]

    var deployment = Deployment(namespace: namespace, name: name, labels: labels)
    deployment.object.ownerReferences = [owner]
    deployment.replicas = 1
    deployment.selector = ["matchLabels": .stringMap(Self.selector(gatewayName: name))]
    var podLabels = labels
    podLabels[MeshLabels.dataplaneMode] = MeshLabels.dataplaneModeNone
    deployment.template = [
      "metadata": ["labels": .stringMap(podLabels)],
      "spec": Self.podSpec(gateway: gateway, settings: settings).json,
    ]

    var service = KubeService(namespace: namespace, name: name, labels: labels)
    service.object.ownerReferences = [owner]
    service.type = "ClusterIP"
    service.selector = Self.selector(gatewayName: name)
    service.ports = [
      ServicePortSpec(
        name: Self.meshPortName, port: Int(MeshPorts.hbone), targetPort: .int(Int(MeshPorts.hbone)),
        appProtocol: "all"),
      ServicePortSpec(
        name: Self.statusPortName, port: Int(MeshPorts.readiness), targetPort: .int(Int(MeshPorts.readiness))),
    ]

    self.serviceAccount = serviceAccount
    self.deployment = deployment
    self.service = service
  }

  /// The labels of every object the controller makes for the Gateway `gatewayName`. Gateway labels
  /// are deliberately not copied: a user's `istio.io/dataplane-mode: ambient` on the Gateway must
  /// never enroll the waypoint's own pods.
  public static func labels(gatewayName: String) -> [String: String] {
    [MeshLabels.gatewayName: gatewayName, MeshLabels.gatewayManaged: MeshLabels.gatewayManagedValue]
  }

  /// The Deployment's and Service's selector: the gateway-name label only, which never changes for
  /// a Gateway (Deployment selectors are immutable).
  public static func selector(gatewayName: String) -> [String: String] {
    [MeshLabels.gatewayName: gatewayName]
  }

  /// The waypoint pod: one proxy container told which Gateway it serves, learning its own identity
  /// from the downward API.
  static func podSpec(gateway: Gateway, settings: WaypointSettings) -> PodSpec {
    var env: [JSONValue] = [
      fieldEnv("POD_NAME", "metadata.name"),
      fieldEnv("POD_NAMESPACE", "metadata.namespace"),
      fieldEnv("INSTANCE_IP", "status.podIP"),
      fieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName"),
    ]
    for (key, value) in settings.environment.sorted(by: { $0.key < $1.key }) {
      env.append(["name": .string(key), "value": .string(value)])
    }
    let container = Container(
      name: containerName, image: settings.image, args: ["--gateway", "\(gateway.namespace)/\(gateway.name)"],
      ports: [
        ContainerPort(name: meshPortName, containerPort: Int(MeshPorts.hbone)),
        ContainerPort(name: statusPortName, containerPort: Int(MeshPorts.readiness)),
        ContainerPort(name: metricsPortName, containerPort: Int(MeshPorts.metrics)),
      ],
      otherFields: [
        "imagePullPolicy": .string(settings.imagePullPolicy),
        "env": .array(env),
        // The same credentials the ztunnel mounts: a token for the CA and xDS (audience
        // istio-ca) and the mesh root from the bundle the control plane publishes.
        "volumeMounts": [
          ["name": "istio-token", "mountPath": "/var/run/secrets/tokens", "readOnly": true],
          ["name": "istiod-ca-cert", "mountPath": "/var/run/secrets/istio", "readOnly": true],
        ],
        "readinessProbe": [
          "httpGet": ["path": .string(readinessPath), "port": .int(Int64(MeshPorts.readiness))],
          "periodSeconds": 5,
          "failureThreshold": 3,
        ],
      ])
    var spec = PodSpec()
    spec.serviceAccountName = gateway.name
    spec.containers = [container]
    spec.json["volumes"] = [
      [
        "name": "istio-token",
        "projected": [
          "sources": [
            ["serviceAccountToken": ["audience": "istio-ca", "expirationSeconds": 43200, "path": "istio-token"]]
          ]
        ],
      ],
      ["name": "istiod-ca-cert", "configMap": ["name": "istio-ca-root-cert"]],
    ]
    return spec
  }

  private static func fieldEnv(_ name: String, _ fieldPath: String) -> JSONValue {
    ["name": .string(name), "valueFrom": ["fieldRef": ["fieldPath": .string(fieldPath)]]]
  }
}
