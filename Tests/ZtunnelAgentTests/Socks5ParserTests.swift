import Shared
import Testing

@testable import ZtunnelAgent

@Suite struct Socks5ParserTests {
  @Test func connectToIPv4AfterNoAuthGreeting() throws {
    var parser = Socks5Parser()
    let greeting = parser.parse([5, 2, 2, 0])
    #expect(greeting.step == .reply([5, 0]))
    #expect(greeting.consumed == 4)
    let request: [UInt8] = [5, 1, 0, 1, 10, 0, 0, 7, 0x1F, 0x90, 0xAA]
    let step = parser.parse(request)
    #expect(step.step == .connect(Socks5Destination(host: .ip(try IPAddress("10.0.0.7")), port: 8080)))
    #expect(step.consumed == 10)
  }

  @Test func partialInputAsksForMore() {
    var parser = Socks5Parser()
    #expect(parser.parse([5]).step == .needMore)
    #expect(parser.parse([5, 1]).step == .needMore)
    #expect(parser.parse([5, 1, 0]).step == .reply([5, 0]))
    #expect(parser.parse([5, 1, 0, 1, 10, 0]).step == .needMore)
    #expect(parser.parse([5, 1, 0, 3, 4, 0x61]).step == .needMore)
  }

  @Test func domainNameAndIPv6() throws {
    var parser = Socks5Parser()
    _ = parser.parse([5, 1, 0])
    let name = Array("httpbin.default.svc.cluster.local".utf8)
    let step = parser.parse([5, 1, 0, 3, UInt8(name.count)] + name + [0, 80])
    #expect(step.step == .connect(Socks5Destination(host: .name("httpbin.default.svc.cluster.local"), port: 80)))

    var v6 = Socks5Parser()
    _ = v6.parse([5, 1, 0])
    let ip = try IPAddress("fd00::7")
    #expect(
      v6.parse([5, 1, 0, 4] + ip.bytes + [0x1F, 0x90]).step == .connect(Socks5Destination(host: .ip(ip), port: 8080)))
  }

  @Test func refusesWhatItCannotServe() {
    var socks4 = Socks5Parser()
    guard case .fail(nil, let reason) = socks4.parse([4, 1, 0, 80]).step else {
      Issue.record("SOCKS4 must be refused")
      return
    }
    #expect(reason.contains("not SOCKS5"))

    var auth = Socks5Parser()
    #expect(
      auth.parse([5, 1, 2]).step == .fail(reply: [5, 0xFF], reason: "client offers no 'no authentication' method"))

    var bind = Socks5Parser()
    _ = bind.parse([5, 1, 0])
    guard case .fail(let reply?, _) = bind.parse([5, 2, 0, 1, 1, 2, 3, 4, 0, 80]).step else {
      Issue.record("BIND must be refused")
      return
    }
    #expect(reply[1] == Socks5Parser.ReplyCode.commandNotSupported.rawValue)

    var badType = Socks5Parser()
    _ = badType.parse([5, 1, 0])
    guard case .fail(let reply?, _) = badType.parse([5, 1, 0, 9, 0, 0]).step else {
      Issue.record("unknown address type must be refused")
      return
    }
    #expect(reply[1] == Socks5Parser.ReplyCode.addressTypeNotSupported.rawValue)
  }
}
