/// The kinds kubectl's typed commands (`create namespace|configmap|secret|serviceaccount|
/// deployment|token`, `auth can-i`, `auth whoami`) send as protobuf, with the fields those
/// commands fill. A field outside these schemas is skipped only when it holds nothing (the wire
/// carries every non-pointer Go field, zero or not); one with content is refused (415), never
/// dropped.
enum KubeProtobufSchemas {
  static let ownerReference = ProtobufSchema(
    "OwnerReference",
    [
      5: ("apiVersion", .string), 1: ("kind", .string), 3: ("name", .string), 4: ("uid", .string),
      6: ("controller", .bool), 7: ("blockOwnerDeletion", .bool),
    ])

  static let objectMeta = ProtobufSchema(
    "ObjectMeta",
    [
      1: ("name", .string), 2: ("generateName", .string), 3: ("namespace", .string), 4: ("selfLink", .string),
      5: ("uid", .string), 6: ("resourceVersion", .string), 7: ("generation", .int64),
      8: ("creationTimestamp", .time), 9: ("deletionTimestamp", .time), 10: ("deletionGracePeriodSeconds", .int64),
      11: ("labels", .stringMap), 12: ("annotations", .stringMap), 13: ("ownerReferences", .message(ownerReference)),
      14: ("finalizers", .string),
    ], repeated: [13, 14], omitZero: ["generation"])

  static let objectReference = ProtobufSchema(
    "ObjectReference",
    [
      1: ("kind", .string), 2: ("namespace", .string), 3: ("name", .string), 4: ("uid", .string),
      5: ("apiVersion", .string), 6: ("resourceVersion", .string), 7: ("fieldPath", .string),
    ])

  static let localObjectReference = ProtobufSchema("LocalObjectReference", [1: ("name", .string)])

  static let namespace = ProtobufSchema(
    "Namespace",
    [
      1: ("metadata", .message(objectMeta)),
      2: ("spec", .message(ProtobufSchema("NamespaceSpec", [1: ("finalizers", .string)], repeated: [1]))),
    ])

  static let configMap = ProtobufSchema(
    "ConfigMap",
    [
      1: ("metadata", .message(objectMeta)), 2: ("data", .stringMap), 3: ("binaryData", .bytesMap),
      4: ("immutable", .bool),
    ])

  static let secret = ProtobufSchema(
    "Secret",
    [
      1: ("metadata", .message(objectMeta)), 2: ("data", .bytesMap), 3: ("type", .string),
      4: ("stringData", .stringMap), 5: ("immutable", .bool),
    ])

  static let serviceAccount = ProtobufSchema(
    "ServiceAccount",
    [
      1: ("metadata", .message(objectMeta)), 2: ("secrets", .message(objectReference)),
      3: ("imagePullSecrets", .message(localObjectReference)), 4: ("automountServiceAccountToken", .bool),
    ], repeated: [2, 3])

  static let tokenRequest = ProtobufSchema(
    "TokenRequest",
    [
      1: ("metadata", .message(objectMeta)),
      2: (
        "spec",
        .message(
          ProtobufSchema(
            "TokenRequestSpec",
            [
              1: ("audiences", .string), 4: ("expirationSeconds", .int64),
              3: (
                "boundObjectRef",
                .message(
                  ProtobufSchema(
                    "BoundObjectReference",
                    [1: ("kind", .string), 2: ("apiVersion", .string), 3: ("name", .string), 4: ("uid", .string)]))
              ),
            ], repeated: [1]))
      ),
    ])

  static let tokenReview = ProtobufSchema(
    "TokenReview",
    [
      1: ("metadata", .message(objectMeta)),
      2: (
        "spec",
        .message(ProtobufSchema("TokenReviewSpec", [1: ("token", .string), 2: ("audiences", .string)], repeated: [2]))
      ),
    ])

  static let selfSubjectAccessReview = ProtobufSchema(
    "SelfSubjectAccessReview",
    [
      1: ("metadata", .message(objectMeta)),
      2: (
        "spec",
        .message(
          ProtobufSchema(
            "SelfSubjectAccessReviewSpec",
            [
              1: (
                "resourceAttributes",
                .message(
                  ProtobufSchema(
                    "ResourceAttributes",
                    [
                      1: ("namespace", .string), 2: ("verb", .string), 3: ("group", .string), 4: ("version", .string),
                      5: ("resource", .string), 6: ("subresource", .string), 7: ("name", .string),
                    ]))
              ),
              2: (
                "nonResourceAttributes",
                .message(ProtobufSchema("NonResourceAttributes", [1: ("path", .string), 2: ("verb", .string)]))
              ),
            ]))
      ),
    ])

  static let selfSubjectReview = ProtobufSchema("SelfSubjectReview", [1: ("metadata", .message(objectMeta))])

  static let containerPort = ProtobufSchema(
    "ContainerPort",
    [
      1: ("name", .string), 2: ("hostPort", .int32), 3: ("containerPort", .int32), 4: ("protocol", .string),
      5: ("hostIP", .string),
    ],
    omitZero: ["hostPort"])

  static let container = ProtobufSchema(
    "Container",
    [
      1: ("name", .string), 2: ("image", .string), 3: ("command", .string), 4: ("args", .string),
      5: ("workingDir", .string), 6: ("ports", .message(containerPort)),
      13: ("terminationMessagePath", .string), 14: ("imagePullPolicy", .string),
      20: ("terminationMessagePolicy", .string),
    ], repeated: [3, 4, 6])

  static let podTemplate = ProtobufSchema(
    "PodTemplateSpec",
    [
      1: ("metadata", .message(objectMeta)),
      2: (
        "spec",
        .message(
          ProtobufSchema(
            "PodSpec", [2: ("containers", .message(container)), 8: ("serviceAccountName", .string)], repeated: [2]))
      ),
    ])

  static let labelSelector = ProtobufSchema("LabelSelector", [1: ("matchLabels", .stringMap)])

  static let deployment = ProtobufSchema(
    "Deployment",
    [
      1: ("metadata", .message(objectMeta)),
      2: (
        "spec",
        .message(
          ProtobufSchema(
            "DeploymentSpec",
            [
              1: ("replicas", .int32), 2: ("selector", .message(labelSelector)), 3: ("template", .message(podTemplate)),
            ]))
      ),
    ])

  /// By `apiVersion` and `kind` of the envelope.
  static let byKind: [String: ProtobufSchema] = [
    "v1/Namespace": namespace, "v1/ConfigMap": configMap, "v1/Secret": secret, "v1/ServiceAccount": serviceAccount,
    "authentication.k8s.io/v1/TokenRequest": tokenRequest, "authentication.k8s.io/v1/TokenReview": tokenReview,
    "authentication.k8s.io/v1/SelfSubjectReview": selfSubjectReview,
    "authorization.k8s.io/v1/SelfSubjectAccessReview": selfSubjectAccessReview, "apps/v1/Deployment": deployment,
  ]
}
