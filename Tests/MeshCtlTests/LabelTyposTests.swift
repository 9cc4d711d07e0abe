import Testing

@testable import MeshCtlKit

@Suite struct LabelTyposTests {
  @Test(
    "a key one or two edits from a mesh label is a typo; unrelated keys are not",
    arguments: [
      ("istio.io/dataplane-mod", true), ("istio-io/dataplane-mode", true), ("istio.io/use-waypiont", true),
      ("istio.io/dataplane-mode", false), ("app", false), ("istio.io/rev", false),
    ])
  func keyTypos(key: String, isTypo: Bool) {
    let findings = LabelTypos.findings(
      kind: "Namespace", namespace: "", name: "apps", labels: [key: "ambient"], command: "kubectl label namespace apps")
    #expect(findings.contains { $0.code == .labelKeyTypo } == isTypo)
  }

  @Test func valueTypoNamesTheFix() throws {
    let findings = LabelTypos.findings(
      kind: "Namespace", namespace: "", name: "apps", labels: ["istio.io/dataplane-mode": "ambiant"],
      command: "kubectl label namespace apps")
    let finding = try #require(findings.first { $0.code == .labelValueTypo })
    #expect(finding.message.contains("\"ambiant\""))
    #expect(finding.fix == "kubectl label namespace apps istio.io/dataplane-mode=ambient --overwrite")
  }

  @Test func editDistance() {
    #expect(LabelTypos.editDistance("kitten", "sitting", limit: 5) == 3)
    #expect(LabelTypos.editDistance("", "ab", limit: 5) == 2)
    #expect(LabelTypos.editDistance("abcdef", "a", limit: 2) == 3)
  }
}
