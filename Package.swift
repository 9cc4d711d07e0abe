// swift-tools-version:6.1
import PackageDescription

/// Strict concurrency everywhere: the mesh model crosses actors and event loops.
let strict: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
  name: "ambient-mesh",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Shared", targets: ["Shared"]),
    .library(name: "CA", targets: ["CA"]),
    .library(name: "XDS", targets: ["XDS"]),
    .library(name: "Kube", targets: ["Kube"]),
    .library(name: "DevCluster", targets: ["DevCluster"]),
    .library(name: "ControlPlane", targets: ["ControlPlane"]),
    .library(name: "HBONE", targets: ["HBONE"]),
    .library(name: "MeshStore", targets: ["MeshStore"]),
    .library(name: "ZtunnelAgent", targets: ["ZtunnelAgent"]),
    .library(name: "WaypointAgent", targets: ["WaypointAgent"]),
    .library(name: "MeshCtlKit", targets: ["MeshCtlKit"]),
    .executable(name: "controlplane", targets: ["controlplane"]),
    .executable(name: "meshctl", targets: ["meshctl"]),
    .executable(name: "ztunnel", targets: ["ztunnel"]),
    .executable(name: "waypoint", targets: ["waypoint"]),
    .executable(name: "ca-bench", targets: ["ca-bench"]),
    .executable(name: "waypoint-bench", targets: ["waypoint-bench"]),
    .executable(name: "xds-bench", targets: ["xds-bench"]),
    .executable(name: "kube-bench", targets: ["kube-bench"]),
    .executable(name: "controlplane-bench", targets: ["controlplane-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
    .package(url: "https://github.com/apple/swift-certificates.git", exact: "1.21.1"),
    .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
    .package(url: "https://github.com/apple/swift-asn1.git", exact: "1.7.4"),
    .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
    .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
    .package(url: "https://github.com/apple/swift-nio-http2.git", exact: "1.46.0"),
    .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
    .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
  ],
  targets: [
    .target(
      name: "Shared",
      dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
      swiftSettings: strict
    ),
    .target(
      name: "CA",
      dependencies: [
        "Shared",
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "XDS",
      dependencies: [
        "Shared", "CA",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "Kube",
      dependencies: [
        "Shared",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "DevCluster",
      dependencies: [
        "Shared", "Kube",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOWebSocket", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "ControlPlane",
      dependencies: [
        "Shared", "CA", "XDS", "Kube", "AdminHTTP",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "AdminHTTP",
      dependencies: [
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "HBONE",
      dependencies: [
        "Shared",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOTLS", package: "swift-nio"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "MeshStore",
      dependencies: [
        "Shared", "XDS",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "ZtunnelAgent",
      dependencies: [
        "Shared", "MeshStore", "HBONE", "CA", "XDS", "AdminHTTP",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      exclude: ["Capture/README.md"],
      swiftSettings: strict
    ),
    .target(
      name: "WaypointAgent",
      dependencies: [
        "Shared", "MeshStore", "HBONE", "CA", "XDS", "AdminHTTP",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "controlplane",
      dependencies: [
        "AdminHTTP", "CA", "ControlPlane", "Kube", "Shared", "XDS",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "ztunnel",
      dependencies: [
        "CA", "Shared", "XDS", "ZtunnelAgent", "Kube",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "waypoint",
      dependencies: [
        "CA", "Shared", "XDS", "WaypointAgent",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strict
    ),
    .target(
      name: "MeshCtlKit",
      dependencies: [
        "ControlPlane", "Kube", "Shared",
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "meshctl",
      dependencies: [
        "CA", "DevCluster", "Shared", "XDS", "MeshCtlKit", "Kube", "ControlPlane",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "ca-bench",
      dependencies: [
        "CA", "Shared",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
      ],
      path: "Benchmarks/ca-bench",
      swiftSettings: strict
    ),
    .executableTarget(
      name: "xds-bench",
      dependencies: [
        "BenchSupport", "CA", "Shared", "XDS",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
      ],
      path: "Benchmarks/xds-bench",
      swiftSettings: strict
    ),
    .executableTarget(
      name: "kube-bench",
      dependencies: [
        "BenchSupport", "Kube",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Benchmarks/kube-bench",
      swiftSettings: strict
    ),
    .executableTarget(
      name: "controlplane-bench",
      dependencies: [
        "BenchSupport", "CA", "ControlPlane", "Kube", "Shared", "XDS",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Benchmarks/controlplane-bench",
      swiftSettings: strict
    ),
    .executableTarget(
      name: "waypoint-bench",
      dependencies: [
        "CA", "Shared", "XDS",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Benchmarks/waypoint-bench",
      swiftSettings: strict
    ),
    .target(name: "BenchSupport", path: "Benchmarks/BenchSupport", swiftSettings: strict),
    .target(name: "MeshTestSupport", path: "Tests/MeshTestSupport", swiftSettings: strict),
    .testTarget(
      name: "SharedTests",
      dependencies: ["Shared", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
      swiftSettings: strict
    ),
    .testTarget(
      name: "XDSTests",
      dependencies: [
        "XDS", "CA", "Shared", "MeshTestSupport",
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "MeshCtlTests",
      dependencies: [
        "MeshCtlKit", "ControlPlane", "DevCluster", "Kube", "Shared", "MeshTestSupport", "ZtunnelAgent", "MeshStore",
        "AdminHTTP", .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "KubeTests",
      dependencies: ["Kube", "MeshTestSupport"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "DevClusterTests",
      dependencies: ["DevCluster", "Kube", "MeshTestSupport"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "ControlPlaneTests",
      dependencies: [
        "AdminHTTP", "ControlPlane", "CA", "DevCluster", "Kube", "MeshTestSupport", "Shared", "XDS",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "HBONETests",
      dependencies: [
        "HBONE", "CA", "Shared", "MeshTestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "ZtunnelAgentTests",
      dependencies: [
        "AdminHTTP", "ZtunnelAgent", "MeshStore", "HBONE", "CA", "XDS", "Shared", "MeshTestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "WaypointAgentTests",
      dependencies: [
        "WaypointAgent", "ZtunnelAgent", "MeshStore", "AdminHTTP", "HBONE", "CA", "XDS", "Shared", "MeshTestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "CATests",
      dependencies: [
        "CA", "Shared", "MeshTestSupport",
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: strict
    ),
  ]
)
