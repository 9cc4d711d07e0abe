import Foundation
import Kube
import Testing

@Suite("Types: core kinds")
struct TypesCoreTests {
  /// A pod as a real API server returns it, with fields the views do not model.
  static let podJSON = #"""
    {"apiVersion":"v1","kind":"Pod",
     "metadata":{"name":"httpbin-ambient-5d8f7c9b4-x2x9q","namespace":"ambient-apps","uid":"1f0c",
       "labels":{"app":"httpbin-ambient","pod-template-hash":"5d8f7c9b4"},
       "deletionTimestamp":"2024-05-01T10:00:00Z",
       "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"httpbin-ambient-5d8f7c9b4",
         "uid":"9a1","controller":true,"blockOwnerDeletion":true}]},
     "spec":{"nodeName":"worker-1","serviceAccountName":"httpbin-ambient","dnsPolicy":"ClusterFirst",
       "containers":[{"name":"httpbin","image":"docker.io/kennethreitz/httpbin","args":["--port","80"],
         "ports":[{"name":"http-web","containerPort":80,"protocol":"TCP"},{"containerPort":9090,"protocol":"UDP"}],
         "resources":{"limits":{"cpu":"1"}}}]},
     "status":{"phase":"Running","podIP":"10.244.1.7","hostIP":"172.18.0.3",
       "podIPs":[{"ip":"10.244.1.7"},{"ip":"fd00:10:244:1::7"}],
       "qosClass":"Burstable",
       "conditions":[
         {"type":"Initialized","status":"True","lastProbeTime":null,"lastTransitionTime":"2024-05-01T09:00:00Z"},
         {"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2024-05-01T09:00:05Z"}],
       "containerStatuses":[{"name":"httpbin","ready":true,"restartCount":2,"started":true,
         "state":{"running":{"startedAt":"2024-05-01T09:00:03Z"}}}]}}
    """#

  @Test("reads a pod as the API server returns it")
  func podReaders() throws {
    let pod = Pod(try KubeObject.parse(Array(Self.podJSON.utf8)))
    #expect(pod.nodeName == "worker-1")
    #expect(pod.serviceAccountName == "httpbin-ambient")
    #expect(!pod.hostNetwork)
    #expect(pod.phase == "Running")
    #expect(!pod.isTerminal)
    #expect(pod.podIP == "10.244.1.7")
    #expect(pod.podIPs == ["10.244.1.7", "fd00:10:244:1::7"])
    #expect(pod.hostIP == "172.18.0.3")
    #expect(pod.isReady)
    #expect(pod.conditions.map(\.type) == ["Initialized", "Ready"])
    #expect(pod.conditions.last?.lastTransitionTime == KubeTime.parse("2024-05-01T09:00:05Z"))
    #expect(pod.isTerminating)
    #expect(pod.deletionTimestamp == Date(timeIntervalSince1970: 1_714_557_600))
    #expect(pod.ownerReferences.first?.kind == "ReplicaSet")
    let container = try #require(pod.containers.first)
    #expect(container.args == ["--port", "80"])
    #expect(container.ports.map(\.name) == ["http-web", nil])
    #expect(container.ports.last?.protocol == "UDP")
    #expect(container.otherFields["resources"] == ["limits": ["cpu": "1"]])
    #expect(pod.podSpec.resolve("http-web") == 80)
    #expect(pod.podSpec.resolve(.int(8080)) == 8080)
    #expect(pod.podSpec.resolve("missing") == nil)
    #expect(pod.podSpec.resolve(.int(9090), protocol: "UDP") == 9090)
    #expect(
      pod.containerStatuses == [
        ContainerStatus(
          name: "httpbin", ready: true, restartCount: 2, started: true,
          otherFields: ["state": ["running": ["startedAt": "2024-05-01T09:00:03Z"]]])
      ])
  }

  @Test("a bare pod reads as defaults, never as a crash")
  func podDefaults() throws {
    let pod = Pod(try KubeObject(json: ["kind": "Pod", "spec": ["containers": "not a list", "hostNetwork": true]]))
    #expect(pod.serviceAccountName == "default")
    #expect(pod.hostNetwork)
    #expect(pod.containers.isEmpty)
    #expect(pod.podIPs.isEmpty)
    #expect(pod.phase == nil)
    #expect(!pod.isReady)
    #expect(!pod.isTerminating)
    #expect(pod.nodeName == nil)
    let legacy = Pod(try KubeObject(json: ["spec": ["serviceAccount": "old-style"]]))
    #expect(legacy.serviceAccountName == "old-style")
  }

  @Test("status setters write the fields the node runner reports and keep everything else")
  func podSetters() throws {
    let original = try KubeObject.parse(Array(Self.podJSON.utf8))
    var pod = Pod(original)
    pod.setIPs(["10.244.2.9"])
    pod.hostIP = "172.18.0.4"
    pod.phase = "Pending"
    pod.setCondition(
      Condition(type: "Ready", isTrue: false, reason: "ContainersNotReady"), now: Date(timeIntervalSince1970: 0))
    pod.nodeName = "worker-2"

    let json = pod.object.json
    #expect(json.value(at: ["status", "podIP"]) == "10.244.2.9")
    #expect(json.value(at: ["status", "podIPs"]) == [["ip": "10.244.2.9"]])
    #expect(json.value(at: ["status", "hostIP"]) == "172.18.0.4")
    #expect(json.value(at: ["status", "phase"]) == "Pending")
    #expect(json.value(at: ["spec", "nodeName"]) == "worker-2")
    // Unknown fields, at every level, survive.
    #expect(json.value(at: ["status", "qosClass"]) == "Burstable")
    #expect(json.value(at: ["spec", "dnsPolicy"]) == "ClusterFirst")
    #expect(json.value(at: ["metadata", "labels", "pod-template-hash"]) == "5d8f7c9b4")
    let ready = try #require(json.value(at: ["status", "conditions"])?.arrayValue?.last)
    #expect(ready["status"] == "False")
    #expect(ready["reason"] == "ContainersNotReady")
    #expect(ready["lastProbeTime"] == .null)
    #expect(ready["lastTransitionTime"] == "1970-01-01T00:00:00Z")
    #expect(!pod.isReady)

    // Re-reading the serialized form gives the same view.
    let again = Pod(try KubeObject.parse(pod.object.serialized()))
    #expect(again == pod)

    var cleared = pod
    cleared.podIPs = []
    cleared.podIP = nil
    #expect(cleared.object.json.value(at: ["status", "podIPs"]) == nil)
    #expect(cleared.podIPs.isEmpty)
  }

  @Test("writing containers back keeps each container's unknown fields with it, even reordered")
  func containerRoundTrip() throws {
    var pod = Pod(try KubeObject.parse(Array(Self.podJSON.utf8)))
    var containers = pod.containers
    containers.insert(Container(name: "sidecar", image: "busybox", command: ["sh"]), at: 0)
    pod.containers = containers
    let written = try #require(pod.object.json.value(at: ["spec", "containers"])?.arrayValue)
    #expect(written.count == 2)
    #expect(written[0] == ["name": "sidecar", "image": "busybox", "command": ["sh"]])
    #expect(written[1]["resources"] == ["limits": ["cpu": "1"]])
    #expect(written[1]["ports"]?.arrayValue?.first == ["name": "http-web", "containerPort": 80, "protocol": "TCP"])
  }

  @Test("setters on a fresh object do not invent empty parents")
  func noEmptyParents() {
    var pod = Pod(namespace: "default", name: "p")
    pod.podIP = nil
    pod.phase = nil
    #expect(pod.object.json["status"] == nil)
    pod.phase = "Running"
    #expect(pod.object.json["status"] == ["phase": "Running"])
    #expect(pod.object.json.value(at: ["metadata", "namespace"]) == "default")
  }

  @Test("services: headless, named target ports, external names and load balancer addresses")
  func services() throws {
    let yaml = """
      apiVersion: v1
      kind: Service
      metadata: {name: db, namespace: data}
      spec:
        type: LoadBalancer
        clusterIP: None
        clusterIPs: [None]
        ipFamilies: [IPv4]
        ports:
        - {name: grpc, port: 9000, targetPort: grpc-port, appProtocol: grpc}
        - {name: metrics, port: 9100, protocol: UDP, nodePort: 30100}
        - {name: broken}
      status:
        loadBalancer:
          ingress: [{ip: 192.0.2.10}, {hostname: lb.example.com}]
      """
    var service = KubeService(try KubeObject(json: try YAMLDocuments.parseOne(yaml)))
    #expect(service.type == "LoadBalancer")
    #expect(service.isHeadless)
    #expect(service.clusterIPs == ["None"])
    #expect(service.selector == nil)
    #expect(service.ports.count == 2)
    #expect(service.ports[0].targetPort == .string("grpc-port"))
    #expect(service.ports[0].effectiveTargetPort == "grpc-port")
    #expect(service.ports[0].appProtocol == "grpc")
    #expect(service.ports[1].protocol == "UDP")
    #expect(service.ports[1].nodePort == 30100)
    #expect(service.ports[1].effectiveTargetPort == 9100)
    #expect(service.loadBalancerIngressIPs == ["192.0.2.10"])

    service.clusterIP = "10.96.0.20"
    service.clusterIPs = ["10.96.0.20"]
    service.selector = [:]
    service.loadBalancerIngressIPs = ["192.0.2.11"]
    var ports = service.ports
    ports.removeFirst()
    service.ports = ports
    #expect(!service.isHeadless)
    #expect(service.selector == [:])
    #expect(service.object.json.value(at: ["spec", "ipFamilies"]) == ["IPv4"])
    #expect(
      service.object.json.value(at: ["spec", "ports"]) == [
        ["name": "metrics", "port": 9100, "protocol": "UDP", "nodePort": 30100]
      ])
    #expect(service.object.json.value(at: ["status", "loadBalancer", "ingress"]) == [["ip": "192.0.2.11"]])

    let external = KubeService(
      try KubeObject(json: ["kind": "Service", "spec": ["type": "ExternalName", "externalName": "example.com"]]))
    #expect(external.externalName == "example.com")
    #expect(external.clusterIPs.isEmpty)
    #expect(external.ports.isEmpty)
  }

  @Test("endpoint slices: endpoints, their conditions and ports")
  func endpointSlices() throws {
    let json = #"""
      {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
       "metadata":{"name":"httpbin-ambient-abcde","namespace":"ambient-apps",
         "labels":{"kubernetes.io/service-name":"httpbin-ambient",
           "endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"}},
       "addressType":"IPv4",
       "endpoints":[
         {"addresses":["10.244.1.7"],"conditions":{"ready":true,"serving":true,"terminating":false},
          "nodeName":"worker-1","zone":"zone-a",
          "targetRef":{"kind":"Pod","namespace":"ambient-apps","name":"httpbin-1","uid":"u1"},
          "hints":{"forZones":[{"name":"zone-a"}]}},
         {"addresses":["10.244.2.8"],"conditions":{"ready":false,"serving":true,"terminating":true}},
         {"addresses":["10.244.3.9"],"conditions":{}}],
       "ports":[{"name":"http","port":80,"protocol":"TCP","appProtocol":"http"}]}
      """#
    var slice = EndpointSlice(try KubeObject.parse(Array(json.utf8)))
    #expect(slice.addressType == "IPv4")
    #expect(slice.serviceName == "httpbin-ambient")
    #expect(slice.endpoints.count == 3)
    let first = slice.endpoints[0]
    #expect(first.addresses == ["10.244.1.7"])
    #expect(first.nodeName == "worker-1")
    #expect(first.zone == "zone-a")
    #expect(first.targetRef == ObjectReference(kind: "Pod", namespace: "ambient-apps", name: "httpbin-1", uid: "u1"))
    #expect(first.conditions == EndpointConditions(ready: true, serving: true, terminating: false))
    let draining = slice.endpoints[1].conditions
    #expect(!draining.isReady && draining.isServing && draining.isTerminating)
    let unknown = slice.endpoints[2].conditions
    #expect(unknown.ready == nil && unknown.isReady && unknown.isServing && !unknown.isTerminating)
    #expect(slice.ports == [EndpointPort(name: "http", port: 80, appProtocol: "http")])

    var endpoints = slice.endpoints
    endpoints.removeLast()
    endpoints[0].conditions.ready = false
    slice.endpoints = endpoints
    #expect(slice.object.json["endpoints"]?.arrayValue?.first?["hints"] == ["forZones": [["name": "zone-a"]]])
    #expect(slice.endpoints.first?.conditions.isReady == false)
    slice.endpoints = []
    #expect(slice.object.json["endpoints"] == [])
  }

  @Test("a new endpoint slice is labelled for its Service")
  func newEndpointSlice() {
    var slice = EndpointSlice(namespace: "ns", name: "svc-1", serviceName: "svc")
    slice.endpoints = [
      Endpoint(
        addresses: ["10.0.0.1"], conditions: EndpointConditions(ready: true),
        targetRef: ObjectReference(kind: "Pod", namespace: "ns", name: "p", uid: "u"), nodeName: "n1")
    ]
    slice.ports = [EndpointPort(name: "http", port: 8080)]
    let expected: JSONValue = [
      "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
      "metadata": ["name": "svc-1", "namespace": "ns", "labels": ["kubernetes.io/service-name": "svc"]],
      "endpoints": [
        [
          "addresses": ["10.0.0.1"], "conditions": ["ready": true], "nodeName": "n1",
          "targetRef": ["kind": "Pod", "namespace": "ns", "name": "p", "uid": "u"],
        ]
      ],
      "ports": [["name": "http", "port": 8080, "protocol": "TCP"]],
    ]
    #expect(slice.object.json == expected)
  }

  @Test("nodes: addresses, pod ranges and readiness")
  func nodes() throws {
    let yaml = """
      apiVersion: v1
      kind: Node
      metadata: {name: worker-1, labels: {kubernetes.io/hostname: worker-1, topology.kubernetes.io/zone: zone-a}}
      spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24, "fd00:10:244:1::/64"]}
      status:
        addresses: [{type: Hostname, address: worker-1}, {type: InternalIP, address: 172.18.0.3}]
        conditions:
        - {type: MemoryPressure, status: "False"}
        - {type: Ready, status: "True", lastHeartbeatTime: "2024-05-01T09:00:00Z"}
      """
    var node = KubeNode(try KubeObject(json: try YAMLDocuments.parseOne(yaml)))
    #expect(node.internalIP == "172.18.0.3")
    #expect(node.podCIDR == "10.244.1.0/24")
    #expect(node.podCIDRs == ["10.244.1.0/24", "fd00:10:244:1::/64"])
    #expect(node.labels["topology.kubernetes.io/zone"] == "zone-a")
    #expect(node.isReady)
    node.setCondition(Condition(type: "Ready", isTrue: false, reason: "KubeletNotReady"), now: Date())
    #expect(!node.isReady)
    #expect(node.conditions.condition("Ready")?.otherFields["lastHeartbeatTime"] == "2024-05-01T09:00:00Z")

    var fresh = KubeNode(name: "worker-2")
    #expect(fresh.internalIP == nil)
    #expect(fresh.podCIDRs.isEmpty)
    fresh.addresses = [NodeAddress(type: "InternalIP", address: "172.18.0.4")]
    fresh.podCIDR = "10.244.2.0/24"
    #expect(fresh.internalIP == "172.18.0.4")
    #expect(fresh.podCIDRs == ["10.244.2.0/24"])
    #expect(fresh.object.json.value(at: ["metadata", "namespace"]) == nil)
  }

  @Test("namespaces: phase and labels")
  func namespaces() throws {
    let namespace = Namespace(
      try KubeObject(json: [
        "kind": "Namespace",
        "metadata": ["name": "legacy-apps", "labels": ["istio.io/dataplane-mode": "none"]],
        "status": ["phase": "Active"],
      ]))
    #expect(namespace.phase == "Active")
    #expect(namespace.dataplaneMode == "none")
    #expect(!namespace.isAmbient)
    #expect(namespace.useWaypoint == nil)
  }

  @Test("secrets decode base64 data and skip entries that are not base64")
  func secrets() throws {
    let json: JSONValue = [
      "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
      "metadata": ["name": "cacerts", "namespace": "istio-system"],
      "data": ["tls.crt": "LS0tLS1CRUdJTg==", "bad": "%%%", "empty": ""],
      "stringData": ["note": "hello"],
    ]
    var secret = Secret(try KubeObject(json: json))
    #expect(secret.type == "kubernetes.io/tls")
    #expect(secret.data == ["tls.crt": Array("-----BEGIN".utf8), "empty": []])
    #expect(secret.stringData == ["note": "hello"])
    #expect(secret.value(forKey: "note") == Array("hello".utf8))
    #expect(secret.value(forKey: "tls.crt") == Array("-----BEGIN".utf8))
    #expect(secret.value(forKey: "missing") == nil)

    secret.setData([0, 1, 2, 255], forKey: "key.bin")
    #expect(secret.object.json.value(at: ["data", "key.bin"]) == "AAEC/w==")
    #expect(secret.object.json.value(at: ["data", "bad"]) == "%%%")
    secret.data = ["only": Array("x".utf8)]
    #expect(secret.object.json["data"] == ["only": "eA=="])
    #expect(Secret(name: "s").type == "Opaque")
  }

  @Test("config maps read and write string data")
  func configMaps() throws {
    var map = ConfigMap(
      try KubeObject(json: [
        "kind": "ConfigMap", "metadata": ["name": "istio-ca-root-cert"], "data": ["root-cert.pem": "PEM", "n": 1],
        "binaryData": ["blob": "AQI="],
      ]))
    #expect(map.data == ["root-cert.pem": "PEM"])
    #expect(map.binaryData == ["blob": [1, 2]])
    map.data["mesh"] = "trustDomain: cluster.local"
    #expect(map.object.json.value(at: ["data", "mesh"]) == "trustDomain: cluster.local")
    #expect(map.object.json["binaryData"] == ["blob": "AQI="])
    map.data = [:]
    #expect(map.object.json["data"] == nil)
  }

  @Test("service accounts")
  func serviceAccounts() {
    var account = ServiceAccount(namespace: "ambient-apps", name: "sleep-ambient")
    #expect(account.name == "sleep-ambient")
    #expect(account.namespace == "ambient-apps")
    #expect(account.automountServiceAccountToken == nil)
    account.automountServiceAccountToken = false
    #expect(account.object.json["automountServiceAccountToken"] == false)
  }
}
