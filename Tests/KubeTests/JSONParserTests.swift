import Kube
import Testing

@Suite("JSON parser and serializer")
struct JSONParserTests {
  @Test("round-trips Kubernetes-shaped documents, keeping integers integral")
  func roundTrip() throws {
    let text = #"{"a":[1,-2,3.5,1e3,true,false,null],"b":{"c":"x\"y\\z\n\u00e9\ud83d\ude00"},"port":8080}"#
    let value = try JSONParser.parse(text)
    #expect(value["port"] == .int(8080))
    #expect(value["a"]?.arrayValue?[2] == .double(3.5))
    #expect(value.value(at: ["b", "c"])?.stringValue == "x\"y\\z\né😀")
    let again = try JSONParser.parse(value.serialized())
    #expect(again == value)
  }

  @Test(
    "rejects malformed documents and says where",
    arguments: [
      ("{", 1), ("{\"a\" 1}", 5), ("[1,]", 3), ("tru", 0), ("\"abc", 4), ("{\"a\":1} x", 8), ("01", 1),
      ("\"\\x\"", 3), ("1.", 2),
    ])
  func rejects(text: String, offset: Int) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    do {
      _ = try JSONParser.parse(text)
    } catch {
      #expect(error.offset == offset, "\(text): \(error)")
    }
  }

  @Test("refuses absurd nesting instead of exhausting the stack")
  func depth() {
    let text = String(repeating: "[", count: 10_000)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
  }
}
