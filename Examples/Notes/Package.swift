// swift-tools-version:6.0
// A resource of your own on DynamoDB: notes (create, get, list, delete) in their own table, on the toolkit's
// HTTPRouter and DynamoDB client. Depends on the toolkit by path; in a project of yours, name the repository's
// URL instead (docs/writing-your-own-function.md).
import PackageDescription

let package = Package(
    name: "Notes",
    dependencies: [.package(name: "swift-lambda-products", path: "../..")],
    targets: [
        .executableTarget(
            name: "Notes",
            dependencies: [
                .product(name: "HTTPRouter", package: "swift-lambda-products"),
                .product(name: "DynamoDB", package: "swift-lambda-products"),
            ])
    ],
    swiftLanguageModes: [.v6]
)
