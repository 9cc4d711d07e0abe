import Kube
import Testing

private func json(_ text: String) -> JSONValue { PatchFixture.parse(text) }

private let podSchema = PatchSchema.forKind(apiVersion: "v1", kind: "Pod")!
private let deploymentSchema = PatchSchema.forKind(apiVersion: "apps/v1", kind: "Deployment")!

private let podJSON = """
  {"apiVersion":"v1","kind":"Pod",
   "metadata":{"name":"web","labels":{"app":"web","tier":"front"},"finalizers":["a","b","c"],
     "ownerReferences":[{"uid":"u1","kind":"ReplicaSet","name":"rs1"}]},
   "spec":{"containers":[
       {"name":"app","image":"app:1","ports":[{"containerPort":80}],
        "env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}]},
       {"name":"sidecar","image":"proxy:1"}],
     "tolerations":[{"key":"k1","operator":"Exists"}],
     "volumes":[{"name":"v1","emptyDir":{}}]},
   "status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"},{"type":"Initialized","status":"True"}]}}
  """

/// One strategic merge case: the patch, and the fields of the result to check (path -> expected JSON).
struct StrategicCase: Sendable, CustomTestStringConvertible {
  var name: String
  var patch: String
  var expectations: [([String], String)]
  var testDescription: String { name }
}

@Suite("Strategic merge patch")
struct StrategicMergePatchTests {
  static let cases: [StrategicCase] = [
    StrategicCase(
      name: "label add and remove (null)",
      patch: #"{"metadata":{"labels":{"tier":null,"version":"v2"}}}"#,
      expectations: [(["metadata", "labels"], #"{"app":"web","version":"v2"}"#)]),
    StrategicCase(
      name: "container image change by name keeps the other containers and their order",
      patch: #"{"spec":{"containers":[{"name":"sidecar","image":"proxy:2"}]}}"#,
      expectations: [
        (
          ["spec", "containers"],
          #"""
          [{"name":"app","image":"app:1","ports":[{"containerPort":80}],
            "env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}]},
           {"name":"sidecar","image":"proxy:2"}]
          """#
        )
      ]),
    StrategicCase(
      name: "adding a port merges by containerPort; an element the patch adds without order comes first",
      patch: #"{"spec":{"containers":[{"name":"app","ports":[{"containerPort":443,"name":"https"}]}]}}"#,
      expectations: [
        (
          ["spec", "containers"],
          #"""
          [{"name":"app","image":"app:1","ports":[{"containerPort":443,"name":"https"},{"containerPort":80}],
            "env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}]},
           {"name":"sidecar","image":"proxy:1"}]
          """#
        )
      ]),
    // The next two orders were checked against `kubectl patch --local` (apimachinery's own code).
    StrategicCase(
      name: "patch items follow patch order, interleaved with live-only items by live order",
      patch: #"{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"x"},{"name":"D","value":"d"}]}]}}"#,
      expectations: [
        (
          ["spec", "containers", "0", "env"],
          #"[{"name":"A","value":"1"},{"name":"B","value":"x"},{"name":"D","value":"d"},{"name":"C","value":"3"}]"#
        )
      ]),
    StrategicCase(
      name: "a patch that reorders existing items wins over the live order",
      patch: #"{"spec":{"containers":[{"name":"app","env":[{"name":"C","value":"c2"},{"name":"A","value":"a2"}]}]}}"#,
      expectations: [
        (
          ["spec", "containers", "0", "env"],
          #"[{"name":"B","value":"2"},{"name":"C","value":"c2"},{"name":"A","value":"a2"}]"#
        )
      ]),
    StrategicCase(
      name: "$patch: delete removes a list element by merge key",
      patch: #"{"spec":{"containers":[{"$patch":"delete","name":"sidecar"}]}}"#,
      expectations: [
        (["spec", "containers", "1"], "null"), (["spec", "containers", "0", "name"], #""app""#),
        (["spec", "volumes"], #"[{"name":"v1","emptyDir":{}}]"#),
      ]),
    StrategicCase(
      name: "$setElementOrder orders the merged list; new elements land where it says",
      patch:
        #"{"spec":{"containers":[{"name":"app","$setElementOrder/env":[{"name":"C"},{"name":"A"},{"name":"D"},{"name":"B"}],"env":[{"name":"D","value":"4"}]}]}}"#,
      expectations: [
        (
          ["spec", "containers", "0", "env"],
          #"[{"name":"C","value":"3"},{"name":"A","value":"1"},{"name":"D","value":"4"},{"name":"B","value":"2"}]"#
        )
      ]),
    StrategicCase(
      name: "$setElementOrder without a patch list reorders; unnamed elements keep their live place after",
      patch: #"{"spec":{"containers":[{"name":"app","$setElementOrder/env":[{"name":"B"},{"name":"A"}]}]}}"#,
      expectations: [
        (
          ["spec", "containers", "0", "env"],
          #"[{"name":"B","value":"2"},{"name":"A","value":"1"},{"name":"C","value":"3"}]"#
        )
      ]),
    StrategicCase(
      name: "$deleteFromPrimitiveList removes values from a primitive list",
      patch: #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}"#,
      expectations: [(["metadata", "finalizers"], #"["a","c"]"#)]),
    StrategicCase(
      name: "finalizers merge as an ordered set",
      patch: #"{"metadata":{"finalizers":["c","d"]}}"#,
      expectations: [(["metadata", "finalizers"], #"["a","b","c","d"]"#)]),
    StrategicCase(
      name: "lists without a merge key (tolerations) are replaced",
      patch: #"{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}"#,
      expectations: [(["spec", "tolerations"], #"[{"key":"k2","operator":"Exists"}]"#)]),
    StrategicCase(
      name: "$patch: replace on a list replaces it",
      patch: #"{"spec":{"volumes":[{"$patch":"replace"},{"name":"v2","configMap":{"name":"cm"}}]}}"#,
      expectations: [(["spec", "volumes"], #"[{"name":"v2","configMap":{"name":"cm"}}]"#)]),
    StrategicCase(
      name: "$patch: replace on a map replaces it",
      patch: #"{"metadata":{"labels":{"$patch":"replace","only":"this"}}}"#,
      expectations: [(["metadata", "labels"], #"{"only":"this"}"#)]),
    StrategicCase(
      name: "$patch: delete on a map empties it",
      patch: #"{"metadata":{"labels":{"$patch":"delete"}}}"#,
      expectations: [(["metadata", "labels"], "{}")]),
    StrategicCase(
      name: "$patch: merge is the default",
      patch: #"{"metadata":{"labels":{"$patch":"merge","extra":"x"}}}"#,
      expectations: [(["metadata", "labels"], #"{"app":"web","tier":"front","extra":"x"}"#)]),
    StrategicCase(
      name: "status conditions merge by type",
      patch: #"{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#,
      expectations: [
        (["status", "conditions"], #"[{"type":"Ready","status":"True"},{"type":"Initialized","status":"True"}]"#),
        (["status", "phase"], #""Running""#),
      ]),
    StrategicCase(
      name: "ownerReferences merge by uid",
      patch: #"{"metadata":{"ownerReferences":[{"uid":"u1","controller":true}]}}"#,
      expectations: [
        (["metadata", "ownerReferences"], #"[{"uid":"u1","kind":"ReplicaSet","name":"rs1","controller":true}]"#)
      ]),
    StrategicCase(
      name: "new values arrive without directives or nulls",
      patch:
        #"{"metadata":{"annotations":{"a":"1","b":null}},"spec":{"initContainers":[{"name":"init","image":"i"},{"$patch":"delete","name":"gone"}]}}"#,
      expectations: [
        (["metadata", "annotations"], #"{"a":"1"}"#),
        (["spec", "initContainers"], #"[{"name":"init","image":"i"}]"#),
      ]),
  ]

  @Test("strategic merge behaviours on a Pod", arguments: cases)
  func podBehaviours(_ testCase: StrategicCase) throws {
    let result = try StrategicMergePatch.apply(json(testCase.patch), to: json(podJSON), schema: podSchema)
    for (path, expected) in testCase.expectations {
      #expect((JSONPointer(tokens: path).value(in: result) ?? .null) == json(expected), "\(path)")
    }
    #expect(PatchFixture.directiveKeys(in: result).isEmpty)
  }

  @Test("$retainKeys keeps only the listed fields of a map")
  func retainKeys() throws {
    let deployment = json(
      #"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},"replicas":1}}"#)
    let patch = json(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#)
    let result = try StrategicMergePatch.apply(patch, to: deployment, schema: deploymentSchema)
    #expect(result == json(#"{"spec":{"strategy":{"type":"Recreate"},"replicas":1}}"#))

    let inconsistent = json(#"{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{"maxSurge":2}}}}"#)
    #expect(throws: PatchError.self) {
      try StrategicMergePatch.apply(inconsistent, to: deployment, schema: deploymentSchema)
    }
  }

  @Test("a kubectl-apply-shaped patch on a Deployment")
  func kubectlApply() throws {
    let deployment = json(
      #"""
      {"apiVersion":"apps/v1","kind":"Deployment",
       "metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"old"}},
       "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
         "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
           {"name":"web","image":"nginx:1.25",
            "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":9090,"protocol":"TCP"}],
            "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
           {"name":"log","image":"busybox","args":["tail","-f"]}]}}},
       "status":{"replicas":2,"conditions":[{"type":"Available","status":"True"}]}}
      """#)
    let patch = json(
      #"""
      {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"}},
       "spec":{"replicas":3,
         "strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":null},
         "template":{"spec":{
           "$setElementOrder/containers":[{"name":"web"}],
           "containers":[
             {"$setElementOrder/env":[{"name":"A"},{"name":"C"},{"name":"B"}],
              "$setElementOrder/ports":[{"containerPort":80}],
              "env":[{"name":"C","value":"3"}],
              "image":"nginx:1.27","name":"web",
              "ports":[{"$patch":"delete","containerPort":9090}]},
             {"$patch":"delete","name":"log"}]}}}}
      """#)
    let expected = json(
      #"""
      {"apiVersion":"apps/v1","kind":"Deployment",
       "metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"}},
       "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
         "strategy":{"type":"Recreate"},
         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
           {"name":"web","image":"nginx:1.27",
            "ports":[{"containerPort":80,"protocol":"TCP"}],
            "env":[{"name":"A","value":"1"},{"name":"C","value":"3"},{"name":"B","value":"2"}]}]}}},
       "status":{"replicas":2,"conditions":[{"type":"Available","status":"True"}]}}
      """#)
    let result = try StrategicMergePatch.apply(patch, to: deployment, schema: deploymentSchema)
    #expect(result == expected, "\(result.jsonText)")
  }

  /// Malformed patches, with text the message must contain (the field path and the problem).
  static let failures: [(patch: String, message: String)] = [
    (
      #"{"spec":{"containers":[{"image":"x"}]}}"#,
      #"strategic merge patch at spec.containers: element {"image":"x"} has no merge key "name""#
    ),
    (#"{"metadata":{"labels":{"$patch":"explode"}}}"#, #"at metadata.labels: unknown $patch directive "explode""#),
    (
      #"{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"name":"sidecar","image":"x"}]}}"#,
      "at spec.containers: the patch list's order does not match its $setElementOrder list"
    ),
    (#"{"spec":{"containers":[{"name":"app","ports":[[80]]}]}}"#, "at spec.containers.ports: lists of lists"),
    (#"{"metadata":{"finalizers":[{"name":"x"}]}}"#, "at metadata.finalizers: list elements mix objects"),
    (#"{"metadata":{"$deleteFromPrimitiveList/finalizers":"b"}}"#, "must be a list of values"),
    (#"["not","an","object"]"#, "a strategic merge patch must be a JSON object"),
  ]

  @Test("malformed patches fail with the field path", arguments: failures)
  func fails(patch: String, message: String) {
    do {
      let result = try StrategicMergePatch.apply(json(patch), to: json(podJSON), schema: podSchema)
      Issue.record("expected an error, got \(result.jsonText)")
    } catch {
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test("merge keys of the built-in kinds")
  func schemas() throws {
    let deployment = try #require(PatchSchema.forKind(apiVersion: "apps/v1", kind: "Deployment"))
    #expect(deployment.mergeKey(forListAt: ["spec", "template", "spec", "containers"]) == "name")
    #expect(deployment.mergeKey(forListAt: ["spec", "template", "spec", "containers", "ports"]) == "containerPort")
    #expect(deployment.mergeKey(forListAt: ["spec", "template", "spec", "initContainers", "env"]) == "name")
    #expect(deployment.mergeKey(forListAt: ["spec", "template", "spec", "containers", "volumeMounts"]) == "mountPath")
    #expect(deployment.mergeKey(forListAt: ["spec", "template", "spec", "tolerations"]) == nil)
    #expect(deployment.mergeKey(forListAt: ["status", "conditions"]) == "type")
    #expect(deployment.strategy(forListAt: ["metadata", "finalizers"]) == .mergeSet)
    let daemonSet = try #require(PatchSchema.forKind(apiVersion: "apps/v1", kind: "DaemonSet"))
    #expect(daemonSet.mergeKey(forListAt: ["spec", "template", "spec", "volumes"]) == "name")
    #expect(podSchema.mergeKey(forListAt: ["spec", "imagePullSecrets"]) == "name")
    #expect(podSchema.mergeKey(forListAt: ["metadata", "ownerReferences"]) == "uid")
    let service = try #require(PatchSchema.forKind(apiVersion: "v1", kind: "Service"))
    #expect(service.mergeKey(forListAt: ["spec", "ports"]) == "port")
    let node = try #require(PatchSchema.forKind(apiVersion: "v1", kind: "Node"))
    #expect(node.mergeKey(forListAt: ["status", "addresses"]) == "type")
    #expect(node.mergeKey(forListAt: ["status", "conditions"]) == "type")
    let serviceAccount = try #require(PatchSchema.forKind(apiVersion: "v1", kind: "ServiceAccount"))
    #expect(serviceAccount.mergeKey(forListAt: ["secrets"]) == "name")
    let slice = try #require(PatchSchema.forKind(apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice"))
    #expect(slice.mergeKey(forListAt: ["endpoints"]) == nil)
    #expect(slice.mergeKey(forListAt: ["ports"]) == nil)
    #expect(PatchSchema.forKind(apiVersion: "security.istio.io/v1", kind: "AuthorizationPolicy") == nil)
    #expect(PatchSchema.forKind(apiVersion: "apps/v1", kind: "Pod") == nil)
  }

  @Test("EndpointSlice lists replace")
  func endpointSlice() throws {
    let schema = try #require(PatchSchema.forKind(apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice"))
    let original = json(#"{"endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2"]}]}"#)
    let patch = json(#"{"endpoints":[{"addresses":["10.0.0.3"]}]}"#)
    #expect(try StrategicMergePatch.apply(patch, to: original, schema: schema) == patch)
  }
}
