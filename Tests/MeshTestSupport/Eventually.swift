import Foundation

/// Polls `condition` until it holds or `timeout` passes.
public func eventually(timeout: Duration = .seconds(5), _ condition: () async -> Bool) async -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if await condition() { return true }
    try? await Task.sleep(for: .milliseconds(10))
  }
  return await condition()
}
