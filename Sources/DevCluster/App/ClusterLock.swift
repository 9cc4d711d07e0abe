import Glibc

/// One running dev cluster per name on this machine: a second `dev up` for the same name would
/// otherwise clear the first one's namespaces as "leftovers". An exclusive `flock` on
/// `/run/mesh-dev-<cluster>.lock`, released by the kernel when the holder exits, even on kill -9.
final class ClusterLock: Sendable {
  private let descriptor: Int32

  init(cluster: String, directory: String = "/run") throws(DevClusterError) {
    let path = "\(directory)/mesh-dev-\(cluster).lock"
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw DevClusterError("cannot open \(path): \(String(cString: strerror(errno)))")
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      close(descriptor)
      throw DevClusterError(
        "dev cluster \"\(cluster)\" is running on this machine (\(path) is locked by its meshctl dev up); "
          + "stop that one first (Ctrl-C, or kill -TERM its pid)")
    }
    self.descriptor = descriptor
  }

  func release() {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
