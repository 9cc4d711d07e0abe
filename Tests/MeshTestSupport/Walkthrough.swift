import Foundation

/// The YAML users write in the walkthrough (`../shared/reference/walkthrough.md`), in one place for
/// every test tier. Step 1's workloads are read from `manifests/samples/walkthrough-apps.yaml`, the
/// very file `make run` applies.
public enum Walkthrough {
  public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// Step 1: the httpbin ServiceAccount, Service and Deployment, and the sleep ServiceAccount and
  /// Deployment, in `namespace`.
  public static func apps(namespace: String = "ambient-apps", httpbinReplicas: Int = 1) -> String {
    let path = repositoryRoot.appendingPathComponent("manifests/samples/walkthrough-apps.yaml").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      fatalError("cannot read \(path): the walkthrough sample is part of the repository")
    }
    return
      text
      .replacingOccurrences(of: "namespace: ambient-apps", with: "namespace: \(namespace)")
      .replacingOccurrences(
        of: "replicas: 1\n  selector: {matchLabels: {app: httpbin-ambient",
        with: "replicas: \(httpbinReplicas)\n  selector: {matchLabels: {app: httpbin-ambient")
  }

  /// Step 2: only the sleep identity may reach httpbin.
  public static let requireSleepIdentity = """
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: require-sleep-identity, namespace: ambient-apps}
    spec:
      selector: {matchLabels: {app: httpbin-ambient}}
      action: ALLOW
      rules:
      - from:
        - source: {principals: ["cluster.local/ns/ambient-apps/sa/sleep-ambient"]}

    """

  /// Step 3: the waypoint Gateway.
  public static let waypointGateway = """
    apiVersion: gateway.networking.k8s.io/v1
    kind: Gateway
    metadata:
      name: httpbin-ambient-waypoint
      namespace: ambient-apps
      labels: {istio.io/waypoint-for: service}
    spec:
      gatewayClassName: istio-waypoint
      listeners: [{name: mesh, port: 15008, protocol: HBONE}]

    """

  /// Step 4: JWTs from the Istio test issuer are validated for httpbin.
  public static let requireJWTForBilling = """
    apiVersion: security.istio.io/v1
    kind: RequestAuthentication
    metadata: {name: require-jwt-for-billing, namespace: ambient-apps}
    spec:
      selector: {matchLabels: {app: httpbin-ambient}}
      jwtRules:
      - issuer: "testing@secure.istio.io"
        jwksUri: "https://raw.githubusercontent.com/istio/istio/release-1.18/security/tools/jwt/samples/jwks.json"

    """

  /// Step 4: `/ip` for sleep with a JWT from the test issuer.
  public static let allowIPPathWithJWT = """
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: allow-ip-path-with-jwt, namespace: ambient-apps}
    spec:
      selector: {matchLabels: {app: httpbin-ambient}}
      action: ALLOW
      rules:
      - from: [{source: {principals: ["cluster.local/ns/ambient-apps/sa/sleep-ambient"]}}]
        to: [{operation: {paths: ["/ip"]}}]
        when: [{key: "request.auth.claims[iss]", values: ["testing@secure.istio.io"]}]

    """
}
