import GRPCCore
import GRPCNIOTransportHTTP2
import Shared

/// The client transport every agent uses to reach the control plane: TLS verified against the
/// mesh root, to an IP or a DNS name. One place, so the CA and xDS clients cannot drift apart.
public enum ControlPlaneTransport {
  public static func make(host: String, port: Int, rootPEM: String) throws -> HTTP2ClientTransport.Posix {
    let target: any ResolvableTarget =
      (try? IPAddress(host)) != nil
      ? ResolvableTargets.IPv4.ipv4(address: host, port: port)
      : ResolvableTargets.DNS.dns(host: host, port: port)
    return try HTTP2ClientTransport.Posix(
      target: target,
      transportSecurity: .tls { $0.trustRoots = .certificates([.bytes(Array(rootPEM.utf8), format: .pem)]) })
  }
}
