import Kube

/// Objects the API server tests create.
enum APIServerFixtures {
  static let widgetCRD: JSONValue = [
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": ["name": "widgets.example.com"],
    "spec": [
      "group": "example.com", "scope": "Namespaced",
      "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wd"]],
      "versions": [
        [
          "name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
          "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
          "additionalPrinterColumns": [
            ["name": "Size", "type": "integer", "jsonPath": ".spec.size"],
            ["name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status"],
          ],
        ]
      ],
    ],
  ]

  static func widget(_ name: String, namespace: String, size: Int64 = 1) -> JSONValue {
    [
      "apiVersion": "example.com/v1", "kind": "Widget",
      "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": ["size": .int(size)],
    ]
  }

  static func service(_ name: String, namespace: String) -> JSONValue {
    [
      "apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": .string(namespace)],
      "spec": ["ports": [["name": "http", "port": 8000]], "selector": ["app": .string(name)]],
    ]
  }
}
