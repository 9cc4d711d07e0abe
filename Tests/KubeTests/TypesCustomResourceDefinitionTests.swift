import Foundation
import Kube
import Testing

@Suite("Types: CustomResourceDefinitions")
struct TypesCustomResourceDefinitionTests {
  /// Shaped like the Gateway API's own CRD (abridged schema).
  static let gatewaysCRD = """
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata:
      name: gateways.gateway.networking.k8s.io
      annotations: {gateway.networking.k8s.io/bundle-version: v1.2.0}
    spec:
      group: gateway.networking.k8s.io
      names: {categories: [gateway-api], kind: Gateway, listKind: GatewayList, plural: gateways, shortNames: [gtw], singular: gateway}
      scope: Namespaced
      versions:
      - name: v1
        served: true
        storage: true
        additionalPrinterColumns:
        - {jsonPath: .spec.gatewayClassName, name: Class, type: string}
        - {jsonPath: ".status.addresses[*].value", name: Address, type: string}
        - {jsonPath: .metadata.creationTimestamp, name: Age, type: date, priority: 1}
        schema:
          openAPIV3Schema:
            type: object
            properties: {spec: {type: object}}
        subresources: {status: {}}
      - name: v1beta1
        served: true
        storage: false
        deprecated: true
        schema:
          openAPIV3Schema: {type: object}
        subresources: {status: {}, scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}}
      - name: v1alpha2
        served: false
        storage: false
    status:
      acceptedNames: {kind: Gateway, plural: gateways}
      storedVersions: [v1]
      conditions:
      - {type: NamesAccepted, status: "True", reason: NoConflicts, lastTransitionTime: "2024-05-01T10:00:00Z"}
      - {type: Established, status: "True", reason: InitialNamesAccepted, lastTransitionTime: "2024-05-01T10:00:00Z"}
    """

  @Test("reads a real-shaped CRD: names, scope, versions, printer columns, status")
  func reads() throws {
    let crd = CustomResourceDefinition(try KubeObject(json: try YAMLDocuments.parseOne(Self.gatewaysCRD)))
    #expect(crd.group == "gateway.networking.k8s.io")
    #expect(crd.scope == "Namespaced" && crd.isNamespaced)
    let names = try #require(crd.names)
    #expect(names.kind == "Gateway" && names.plural == "gateways" && names.singular == "gateway")
    #expect(names.shortNames == ["gtw"] && names.listKind == "GatewayList" && names.categories == ["gateway-api"])
    #expect(crd.versions.map(\.name) == ["v1", "v1beta1", "v1alpha2"])
    let v1 = crd.versions[0]
    #expect(v1.served && v1.storage && v1.hasStatusSubresource)
    #expect(v1.additionalPrinterColumns.map(\.name) == ["Class", "Address", "Age"])
    #expect(v1.additionalPrinterColumns[0].jsonPath == ".spec.gatewayClassName")
    #expect(v1.additionalPrinterColumns[2].type == "date" && v1.additionalPrinterColumns[2].priority == 1)
    #expect(v1.openAPIV3Schema?["properties"] == ["spec": ["type": "object"]])
    #expect(!crd.versions[2].hasStatusSubresource && !crd.versions[2].served)
    #expect(crd.storageVersion?.name == "v1")
    #expect(crd.isEstablished)
    #expect(crd.acceptedNames?.kind == "Gateway")
    #expect(crd.storedVersions == ["v1"])

    #expect(
      crd.servedResourceTypes == [
        ResourceType(
          group: "gateway.networking.k8s.io", version: "v1", kind: "Gateway", plural: "gateways", namespaced: true,
          shortNames: ["gtw"]),
        ResourceType(
          group: "gateway.networking.k8s.io", version: "v1beta1", kind: "Gateway", plural: "gateways",
          namespaced: true, shortNames: ["gtw"]),
      ])
  }

  @Test("writing versions back keeps deprecated flags and scale subresources")
  func versionRoundTrip() throws {
    let original = try YAMLDocuments.parseOne(Self.gatewaysCRD)
    var crd = CustomResourceDefinition(try KubeObject(json: original))
    crd.versions = crd.versions
    #expect(crd.object.json == original)

    var versions = crd.versions
    versions[1].hasStatusSubresource = false
    versions[1].served = false
    crd.versions = versions
    let beta = try #require(crd.object.json.value(at: ["spec", "versions"])?.arrayValue?[1])
    #expect(
      beta["subresources"] == [
        "scale": ["specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"]
      ])
    #expect(beta["deprecated"] == true)
    #expect(beta["served"] == false)
    #expect(crd.servedResourceTypes.map(\.version) == ["v1"])
  }

  @Test("builds a CRD for a ResourceType the API server can serve")
  func builds() throws {
    var crd = CustomResourceDefinition(for: .authorizationPolicy, categories: ["istio-io", "security-istio-io"])
    #expect(crd.name == "authorizationpolicies.security.istio.io")
    #expect(crd.object.apiVersion == "apiextensions.k8s.io/v1")
    #expect(crd.servedResourceTypes == [ResourceType.authorizationPolicy])
    #expect(
      crd.object.json["spec"] == [
        "group": "security.istio.io", "scope": "Namespaced",
        "names": [
          "kind": "AuthorizationPolicy", "plural": "authorizationpolicies", "singular": "authorizationpolicy",
          "shortNames": ["ap"], "listKind": "AuthorizationPolicyList", "categories": ["istio-io", "security-istio-io"],
        ],
        "versions": [
          [
            "name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
            "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
          ]
        ],
      ])
    #expect(!crd.isEstablished)
    crd.setCondition(Condition(type: "Established", isTrue: true, reason: "InitialNamesAccepted"), now: Date())
    crd.acceptedNames = crd.names
    #expect(crd.isEstablished)
    #expect(crd.acceptedNames?.plural == "authorizationpolicies")

    let cluster = CustomResourceDefinition(
      for: .gatewayClass,
      versions: [
        CustomResourceDefinitionVersion(
          name: "v1",
          additionalPrinterColumns: [
            CustomResourceColumnDefinition(name: "Controller", type: "string", jsonPath: ".spec.controllerName")
          ])
      ])
    #expect(cluster.scope == "Cluster" && !cluster.isNamespaced)
    #expect(cluster.object.json.value(at: ["metadata", "namespace"]) == nil)
    #expect(cluster.versions.first?.additionalPrinterColumns.first?.jsonPath == ".spec.controllerName")
    #expect(cluster.servedResourceTypes == [ResourceType.gatewayClass])
  }

  @Test("a CRD with unusable names serves nothing rather than something wrong")
  func unusable() throws {
    let crd = CustomResourceDefinition(
      try KubeObject(json: ["kind": "CustomResourceDefinition", "spec": ["group": "x.io", "names": ["kind": "X"]]]))
    #expect(crd.names == nil)
    #expect(crd.servedResourceTypes.isEmpty)
    #expect(crd.versions.isEmpty)
  }
}
