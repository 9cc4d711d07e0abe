import HBONE
import NIOHTTP2
import Testing

@Suite struct HBONESettingsTests {
  @Test func initialSettingsCarryIstioLimits() {
    let settings = HBONESettings().initialSettings
    let byParameter = Dictionary(uniqueKeysWithValues: settings.map { ($0.parameter, $0.value) })
    #expect(byParameter[.initialWindowSize] == 4 * 1024 * 1024)
    #expect(byParameter[.maxFrameSize] == 1024 * 1024)
    #expect(byParameter[.maxHeaderListSize] == 16 * 1024)
    #expect(byParameter[.maxConcurrentStreams] == 200)
  }
}
