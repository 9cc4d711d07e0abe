import Shared
import Testing

struct AddressTests {
  @Test(arguments: [
    ("10.0.0.1", "10.0.0.1"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
    ("::", "::"), ("::1", "::1"), ("fd00::1", "fd00::1"), ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
    ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"), ("::ffff:10.1.2.3", "::ffff:a01:203"),
    ("fe80:0:0:0:0:0:0:0", "fe80::"),
  ])
  func parsesAndFormatsCanonically(input: String, canonical: String) throws {
    let ip = try IPAddress(input)
    #expect(ip.description == canonical)
    #expect(try IPAddress(bytes: ip.bytes) == ip)
    #expect(ip.bytes.count == (input.contains(":") ? 16 : 4))
  }

  @Test(arguments: [
    "1.2.3", "1.2.3.256", "01.2.3.4", "1.2.3.4.5", "", "a.b.c.d", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9",
    "1:",
  ])
  func rejectsMalformedAddresses(input: String) {
    #expect(throws: AddressParseError.self) { try IPAddress(input) }
  }

  @Test func rejectsWrongByteLengths() {
    #expect(throws: AddressParseError.self) { try IPAddress(bytes: [1, 2, 3]) }
  }

  @Test func cidrContainment() throws {
    let block = try CIDR("10.1.2.3/16")
    #expect(block.description == "10.1.0.0/16")
    #expect(block.contains(try IPAddress("10.1.255.9")))
    #expect(!block.contains(try IPAddress("10.2.0.1")))
    #expect(!block.contains(try IPAddress("::ffff:10.1.0.1")))
    #expect(try CIDR("0.0.0.0/0").contains(try IPAddress("8.8.8.8")))
    let host = try CIDR("192.168.1.7")
    let hostIP = try IPAddress("192.168.1.7")
    #expect(host.prefixLength == 32)
    #expect(host.contains(hostIP))
    let v6 = try CIDR("fd00:1:2::/72")
    #expect(v6.contains(try IPAddress("fd00:1:2:0:ff::1")))
    #expect(!v6.contains(try IPAddress("fd00:1:2:0:100::1")))
    #expect(throws: AddressParseError.self) { try CIDR("10.0.0.0/33") }
    #expect(throws: AddressParseError.self) { try CIDR("10.0.0.0/") }
    #expect(throws: AddressParseError.self) { try CIDR("fd00::/129") }
  }

  @Test func hostPort() throws {
    let a = try HostPort("istiod.istio-system.svc:15012")
    #expect(a.host == "istiod.istio-system.svc" && a.port == 15012)
    #expect(try HostPort("127.0.0.1:1").description == "127.0.0.1:1")
    for bad in ["istiod", ":15012", "host:0", "host:70000", "host:x"] {
      #expect(throws: AddressParseError.self) { try HostPort(bad) }
    }
  }
}
