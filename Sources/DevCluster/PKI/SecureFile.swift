import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// File I/O for key material: directories created 0700, files written through a temporary file
/// created with its final mode (never briefly world-readable) and renamed into place, so a crash
/// leaves either the old file or the new one, never half a key.
enum SecureFile {
  /// Creates `path` (and missing parents) with mode 0700. An existing directory is left as it is:
  /// its owner may have chosen other permissions on purpose.
  static func ensureDirectory(_ path: String) throws(DevPKIError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw DevPKIError("\(path) exists but is not a directory; move it away or choose another directory")
      }
      return
    }
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw DevPKIError("cannot create directory \(path): \(error.localizedDescription)")
    }
  }

  /// The file's text, or `nil` when it does not exist.
  static func read(_ path: String) throws(DevPKIError) -> String? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DevPKIError("cannot read \(path): check that the current user may read it")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw DevPKIError("\(path) is not UTF-8 text; delete it so that it is generated again")
    }
    return text
  }

  /// Replaces `path` atomically with `text`, the file getting `mode` (0600 for secrets).
  static func write(_ text: String, to path: String, mode: mode_t) throws(DevPKIError) {
    let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, mode)
    guard descriptor >= 0 else {
      throw DevPKIError("cannot create \(temporary): \(lastError()); check the directory's permissions")
    }
    // open() applies the umask; fchmod sets exactly the mode asked for.
    var failure: String? = fchmod(descriptor, mode) == 0 ? nil : "cannot set mode on \(temporary): \(lastError())"
    if failure == nil {
      let bytes = Array(text.utf8)
      var written = 0
      while written < bytes.count {
        let result = bytes.withUnsafeBytes { buffer in
          systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
        }
        if result < 0 {
          if errno == EINTR { continue }
          failure = "cannot write \(temporary): \(lastError()); check free space"
          break
        }
        written += result
      }
    }
    if failure == nil, fsync(descriptor) != 0 { failure = "cannot flush \(temporary): \(lastError())" }
    close(descriptor)
    if failure == nil, rename(temporary, path) != 0 { failure = "cannot replace \(path): \(lastError())" }
    if let failure {
      unlink(temporary)
      throw DevPKIError(failure)
    }
  }

  private static func lastError() -> String { String(cString: strerror(errno)) }

  /// `write(2)`, named apart from `write(_:to:mode:)` which would shadow it here.
  private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
      Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
      Musl.write(descriptor, bytes, count)
    #else
      Darwin.write(descriptor, bytes, count)
    #endif
  }
}
