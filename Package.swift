// swift-tools-version:6.0
// Layers, bottom to top: Codec (JSON, base64, time) → HTTPTransport (libcurl) and Telemetry (EMF metrics, X-Ray
// segments) → LambdaRuntime → HTTPEvents → HTTPRouter; AWSSigning (SigV4) → DynamoDB and SecretsManager; Auth
// (bearer tokens) → Products (the API) and APIDocument (GET /openapi.json) → Bootstrap, which also links CRuntimeTrim
// (link-time stand-ins that let the release link drop unused Swift runtime tables). Everything below Products
// is a library product: a function of your own depends on them, and Products and Bootstrap are one client of
// them. Nothing links Foundation: the bundle stays small and the cold start touches few pages.
import PackageDescription

let package = Package(
    name: "swift-lambda-products",
    products: [
        // The toolkit: what a function of your own depends on (docs/writing-your-own-function.md).
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "HTTPEvents", targets: ["HTTPEvents"]),
        .library(name: "HTTPRouter", targets: ["HTTPRouter"]),
        .library(name: "DynamoDB", targets: ["DynamoDB"]),
        .library(name: "SecretsManager", targets: ["SecretsManager"]),
        .library(name: "Auth", targets: ["Auth"]),
        .library(name: "Telemetry", targets: ["Telemetry"]),
        .library(name: "AWSSigning", targets: ["AWSSigning"]),
        .library(name: "HTTPTransport", targets: ["HTTPTransport"]),
        .library(name: "Codec", targets: ["Codec"]),
        .executable(name: "bootstrap", targets: ["Bootstrap"]),
        .executable(name: "products-bench", targets: ["Benchmarks"]),
        // Only GET /health: the start-up floor `make bench` compares the bootstrap with (never deployed).
        .executable(name: "health-bootstrap", targets: ["HealthBootstrap"]),
        // libFuzzer targets (mk/inputs.mk, `make fuzz`); never part of the bootstrap.
        .executable(name: "fuzz-json", targets: ["FuzzJSON"]),
        .executable(name: "fuzz-event", targets: ["FuzzEvent"]),
        .executable(name: "fuzz-dynamodb-response", targets: ["FuzzDynamoDBResponse"]),
        .executable(name: "fuzz-cursor", targets: ["FuzzCursor"]),
        .executable(name: "fuzz-sigv4", targets: ["FuzzSigV4"]),
        .executable(name: "fuzz-token", targets: ["FuzzToken"]),
    ],
    // `make docs-build` only (swift package generate-documentation): a command plugin, never linked into anything.
    dependencies: [.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0")],
    targets: [
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        .target(name: "Codec"),
        // Link-time replacements that let the release link drop unused runtime tables (mk/bundle.mk).
        .target(name: "CRuntimeTrim"),
        .target(name: "HTTPTransport", dependencies: ["Codec", "CCurl"]),
        .target(name: "Telemetry", dependencies: ["Codec"]),
        .target(name: "LambdaRuntime", dependencies: ["Codec", "HTTPTransport", "Telemetry"]),
        .target(name: "HTTPEvents", dependencies: ["Codec"]),
        .target(name: "HTTPRouter", dependencies: ["Codec", "HTTPEvents", "LambdaRuntime", "Telemetry"]),
        .target(name: "AWSSigning", dependencies: ["Codec", "CCrypto"]),
        .target(name: "DynamoDB", dependencies: ["Codec", "HTTPTransport", "CCrypto", "AWSSigning"]),
        .target(name: "SecretsManager", dependencies: ["Codec", "HTTPTransport", "AWSSigning"]),
        .target(name: "Auth", dependencies: ["Codec", "HTTPEvents", "HTTPRouter", "HTTPTransport", "CCrypto", "Telemetry"]),
        .target(name: "Products", dependencies: ["Codec", "HTTPRouter", "HTTPEvents", "LambdaRuntime", "DynamoDB", "Auth", "SecretsManager", "Telemetry"]),
        // docs/openapi.yaml as JSON, generated at build time (scripts/generate-openapi-swift.py).
        .target(name: "APIDocument", dependencies: ["HTTPRouter", "HTTPEvents"]),
        .executableTarget(
            name: "Bootstrap",
            dependencies: ["LambdaRuntime", "HTTPEvents", "HTTPRouter", "Products", "DynamoDB", "HTTPTransport", "Auth", "APIDocument", "CRuntimeTrim"]
        ),
        .executableTarget(name: "HealthBootstrap", dependencies: ["LambdaRuntime", "HTTPRouter", "Products", "CRuntimeTrim"]),
        .target(name: "TokenFixtures", dependencies: ["Auth"]),
        .executableTarget(name: "Benchmarks", dependencies: ["DynamoDB", "Codec", "HTTPEvents", "HTTPRouter", "Products", "Auth", "TokenFixtures"]),
        .target(
            name: "FuzzTargets",
            dependencies: ["Codec", "HTTPEvents", "HTTPRouter", "HTTPTransport", "LambdaRuntime", "Products", "DynamoDB", "Auth", "TokenFixtures"],
            path: "Sources/Fuzz/FuzzTargets"),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzTargets"], path: "Sources/Fuzz/FuzzJSON"),
        .executableTarget(name: "FuzzEvent", dependencies: ["FuzzTargets"], path: "Sources/Fuzz/FuzzEvent"),
        .executableTarget(name: "FuzzDynamoDBResponse", dependencies: ["FuzzTargets"], path: "Sources/Fuzz/FuzzDynamoDBResponse"),
        .executableTarget(name: "FuzzCursor", dependencies: ["FuzzTargets"], path: "Sources/Fuzz/FuzzCursor"),
        .executableTarget(name: "FuzzSigV4", dependencies: ["FuzzTargets"], path: "Sources/Fuzz/FuzzSigV4"),
        .executableTarget(name: "FuzzToken", dependencies: ["FuzzTargets"], path: "Sources/Fuzz/FuzzToken"),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"], exclude: ["Seeds", "Regressions"]),
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
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Codec", "HTTPEvents", "HTTPRouter", "TestPeers", "Telemetry"]),
        .testTarget(name: "APIDocumentTests", dependencies: ["APIDocument", "HTTPRouter", "HTTPEvents"]),
        .testTarget(name: "ProductsTests", dependencies: ["Products", "DynamoDB", "HTTPRouter", "HTTPEvents", "LambdaRuntime", "Codec"]),
    ],
    swiftLanguageModes: [.v6]
)
