// swift-tools-version:6.0
// A function of your own: one route, on the toolkit's HTTPRouter. Depends on the toolkit by path; in a project
// of yours, name the repository's URL instead (docs/writing-your-own-function.md).
import PackageDescription

let package = Package(
    name: "HelloWorld",
    dependencies: [.package(name: "swift-lambda-products", path: "../..")],
    targets: [
        .executableTarget(name: "HelloWorld", dependencies: [.product(name: "HTTPRouter", package: "swift-lambda-products")])
    ],
    swiftLanguageModes: [.v6]
)
