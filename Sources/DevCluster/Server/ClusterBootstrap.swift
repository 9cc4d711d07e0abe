import Kube

/// The objects a fresh cluster starts with, ensured on every start: the namespaces kubeadm
/// clusters have (default, kube-system, kube-public, kube-node-lease), each with its `default`
/// ServiceAccount and a `kube-root-ca.crt` ConfigMap holding the current CA.
enum ClusterBootstrap {
  static let namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]

  static func ensure(in transaction: inout Transaction) throws(KubeAPIError) {
    let resource = ServedResource(.namespace, hasStatusSubresource: true)
    for name in namespaces {
      let ref = ObjectRef(storageKey: resource.storageKey, namespace: "", name: name)
      if transaction.get(ref) == nil {
        try transaction.create(KubeObject(type: .namespace, name: name), resource: resource)
      }
    }
    for ref in transaction.refs(storageKey: resource.storageKey) {
      guard let namespace = transaction.get(ref), namespace.object.deletionTimestamp == nil else { continue }
      transaction.populateNamespace(ref.name)
    }
  }
}
