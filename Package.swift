// swift-tools-version:6.0
// Layers, bottom to top: Codec (JSON, base64, time) → Telemetry (EMF metrics, X-Ray segments) → HTTPTransport (libcurl) → LambdaRuntime →
// HTTPEvents → HTTPRouter → Products → DynamoDB (SigV4). Nothing links Foundation: the bundle stays small
// and the cold start touches few pages.
import PackageDescription

let package = Package(
    name: "swift-lambda-products",
    products: [
        .executable(name: "bootstrap", targets: ["Bootstrap"]),
        .executable(name: "products-bench", targets: ["Benchmarks"]),
    ],
    targets: [
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        .target(name: "Codec"),
        .target(name: "HTTPTransport", dependencies: ["Codec", "CCurl"]),
        .target(name: "Telemetry", dependencies: ["Codec"]),
        .target(name: "LambdaRuntime", dependencies: ["Codec", "HTTPTransport", "Telemetry"]),
        .target(name: "HTTPEvents", dependencies: ["Codec"]),
        .target(name: "HTTPRouter", dependencies: ["Codec", "HTTPEvents", "LambdaRuntime", "Telemetry"]),
        .target(name: "AWSSigning", dependencies: ["Codec", "CCrypto"]),
        .target(name: "DynamoDB", dependencies: ["Codec", "HTTPTransport", "CCrypto", "AWSSigning"]),
        .target(name: "SecretsManager", dependencies: ["Codec", "HTTPTransport", "AWSSigning"]),
        .target(name: "Auth", dependencies: ["Codec", "HTTPEvents", "HTTPRouter", "HTTPTransport", "CCrypto"]),
        .target(name: "Products", dependencies: ["Codec", "HTTPRouter", "HTTPEvents", "LambdaRuntime", "DynamoDB", "Auth", "SecretsManager", "Telemetry"]),
        // docs/openapi.yaml as JSON, generated at build time (scripts/generate-openapi-swift.py).
        .target(name: "APIDocument", dependencies: ["HTTPRouter", "HTTPEvents"]),
        .executableTarget(
            name: "Bootstrap",
            dependencies: ["LambdaRuntime", "HTTPEvents", "HTTPRouter", "Products", "DynamoDB", "HTTPTransport", "Auth", "APIDocument"]
        ),
        .executableTarget(name: "Benchmarks", dependencies: ["DynamoDB", "Codec", "HTTPEvents", "HTTPRouter", "Products", "Auth"]),
        .testTarget(name: "CodecTests", dependencies: ["Codec"]),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "Codec"]),
        // Real peers the tests start (Python fixture servers, moto); Foundation is fine here, never in Sources.
        .target(name: "TestPeers", dependencies: ["HTTPTransport"], path: "Tests/TestPeers", exclude: ["Fixtures"]),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "TestPeers"]),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "Codec", "TestPeers"]),
        .testTarget(name: "HTTPEventsTests", dependencies: ["HTTPEvents", "Codec"]),
        .testTarget(name: "HTTPRouterTests", dependencies: ["HTTPRouter", "HTTPEvents", "LambdaRuntime", "Codec", "Telemetry"]),
        .testTarget(name: "DynamoDBTests", dependencies: ["DynamoDB", "Codec", "HTTPTransport", "TestPeers"], exclude: ["Peers"]),
        .testTarget(
            name: "SecretsManagerTests", dependencies: ["SecretsManager", "AWSSigning", "Codec", "TestPeers"], exclude: ["Peers"]),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Codec", "HTTPEvents", "HTTPRouter", "TestPeers"]),
        .testTarget(name: "APIDocumentTests", dependencies: ["APIDocument", "HTTPRouter", "HTTPEvents"]),
        .testTarget(name: "ProductsTests", dependencies: ["Products", "DynamoDB", "HTTPRouter", "HTTPEvents", "LambdaRuntime", "Codec"]),
    ],
    swiftLanguageModes: [.v6]
)
