import Kube
import Shared

/// The shipped manifests with the install options applied, as objects in apply order. Pure: the
/// same options always give the same objects, and `manifest generate` prints exactly what
/// `install` would apply.
public enum ManifestRenderer {
  public static func render(_ options: InstallOptions) throws(MeshCtlError) -> [KubeObject] {
    try options.validate()
    var objects: [KubeObject] = []
    for file in EmbeddedManifests.files {
      let documents: [JSONValue]
      do { documents = try YAMLDocuments.parse(file.yaml) } catch {
        throw MeshCtlError("embedded manifest \(file.name) is not valid YAML (\(error)); this meshctl build is broken")
      }
      for document in documents {
        guard var object = try? KubeObject(json: document) else {
          throw MeshCtlError("embedded manifest \(file.name) holds a document that is not a Kubernetes object")
        }
        customize(&object, options)
        objects.append(object)
      }
    }
    return objects
  }

  /// Multi-document YAML of `objects`, as `kubectl apply -f` reads it.
  public static func yaml(_ objects: [KubeObject]) -> String {
    objects.map { "---\n" + $0.json.yaml }.joined()
  }

  static func customize(_ object: inout KubeObject, _ options: InstallOptions) {
    guard object.kind == "Deployment" || object.kind == "DaemonSet" else { return }
    var spec = object.spec ?? [:]
    if object.kind == "Deployment", object.name == "istiod" {
      spec["replicas"] = .int(Int64(options.replicas ?? options.profile.controlPlaneReplicas))
    }
    var containers = spec.value(at: ["template", "spec", "containers"])?.arrayValue ?? []
    for index in containers.indices {
      guard let image = containers[index]["image"]?.stringValue, let name = meshImageName(image) else { continue }
      containers[index]["image"] = .string(options.image(name))
      var args = (containers[index]["args"]?.arrayValue ?? []).compactMap(\.stringValue)
      if options.trustDomain != MeshDefaults.trustDomain, name == "controlplane" || name == "ztunnel" {
        args.append("--trust-domain=\(options.trustDomain)")
      }
      if name == "controlplane", options.registry != nil || options.tag != nil {
        args.append("--waypoint-image=\(options.image("waypoint"))")
      }
      containers[index]["args"] = .array(args.map(JSONValue.string))
    }
    var template = spec["template"] ?? [:]
    var podSpec = template["spec"] ?? [:]
    podSpec["containers"] = .array(containers)
    template["spec"] = podSpec
    spec["template"] = template
    object.spec = spec
  }

  /// `controlplane` for `ghcr.io/ambient-mesh/controlplane:0.1.0`; nil for other images.
  static func meshImageName(_ image: String) -> String? {
    guard image.hasPrefix(InstallOptions.defaultRegistry + "/") else { return nil }
    let rest = image.dropFirst(InstallOptions.defaultRegistry.count + 1)
    return rest.split(separator: ":").first.map(String.init)
  }
}
