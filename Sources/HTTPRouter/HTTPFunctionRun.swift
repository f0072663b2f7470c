import Codec
import LambdaRuntime

extension HTTPFunction {
    /// The whole `main.swift` of an HTTP function: builds the router once at init (`makeRouter` gets the
    /// runtime's logger; open clients and read the environment there), then serves every API Gateway, ALB and
    /// function URL event through it until the environment ends.
    ///
    /// ```swift
    /// import HTTPRouter
    ///
    /// HTTPFunction.run { _ in
    ///     let router = Router()
    ///     router.add("GET", "/hello/{name}") { request, _ in
    ///         .json(200, .object([("hello", .string(request.pathParameters["name"] ?? ""))]))
    ///     }
    ///     return router
    /// }
    /// ```
    ///
    /// A throwing `makeRouter` is reported to Lambda as an init error and the process exits non-zero, as
    /// `LambdaRuntime.run(initStartedAt:makeHandler:)` describes.
    public static func run(
        initStartedAt: UInt64 = UTCTime.monotonicNanoseconds(), makeRouter: (Logger) throws -> Router
    ) -> Never {
        LambdaRuntime.run(initStartedAt: initStartedAt) { logger in HTTPFunction(router: try makeRouter(logger)) }
    }
}
