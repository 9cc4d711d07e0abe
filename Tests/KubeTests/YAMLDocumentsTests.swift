import Kube
import Testing

@Suite("YAML documents")
struct YAMLDocumentsTests {
  @Test("reads multi-document manifests with Kubernetes' scalar typing")
  func manifests() throws {
    let text = """
      apiVersion: v1
      kind: Service
      metadata: {name: httpbin, labels: {app: httpbin, version: "1"}}
      spec:
        ports: [{name: http, port: 8000, targetPort: 80}]
        publishNotReadyAddresses: true
        clusterIP: ~
      ---
      # a comment-only document is skipped
      ---
      apiVersion: v1
      kind: Namespace
      metadata:
        name: 'ambient-apps'
        annotations:
          ratio: "0.5"
          weight: 0.5
      """
    let documents = try YAMLDocuments.parse(text)
    #expect(documents.count == 2)
    #expect(documents[0].value(at: ["spec", "ports"])?.arrayValue?.first?["port"] == .int(8000))
    #expect(documents[0].value(at: ["metadata", "labels", "version"]) == .string("1"))
    #expect(documents[0].value(at: ["spec", "publishNotReadyAddresses"]) == .bool(true))
    #expect(documents[0].value(at: ["spec", "clusterIP"]) == .null)
    #expect(documents[1].value(at: ["metadata", "annotations", "ratio"]) == .string("0.5"))
    #expect(documents[1].value(at: ["metadata", "annotations", "weight"]) == .double(0.5))
  }

  @Test("malformed YAML is an error that says so")
  func malformed() {
    #expect(throws: YAMLError.self) { try YAMLDocuments.parse("a: [1, 2\nb: c") }
  }
}
