import Codec
import HTTPTransport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process entry point for Lambda's custom runtime (`bootstrap`).
public enum LambdaRuntime {
    /// Builds the handler, then serves events for ever. Exits non-zero when `AWS_LAMBDA_RUNTIME_API`
    /// is missing, when `makeHandler` throws (after reporting it to `init/error`) or when the Runtime API
    /// fails for good. `initStartedAt` is a `UTCTime.monotonicNanoseconds()` reading from the start of `main`.
    ///
    /// With `AWS_LAMBDA_MAX_CONCURRENCY` above 1 (Lambda Managed Instances), that many workers serve at
    /// once, each an OS thread with its own Runtime API connection and its own handler (so its own DynamoDB
    /// connection); `makeHandler` runs once per worker, as Node.js initialises once per worker thread.
    /// Without it, one loop on the main thread: no extra thread, no extra start-up cost.
    public static func run(
        initStartedAt: UInt64 = UTCTime.monotonicNanoseconds(), makeHandler: (Logger) throws -> any LambdaHandler
    ) -> Never {
        let logger = Logger.fromEnvironment()
        guard let endpoint = Environment.value("AWS_LAMBDA_RUNTIME_API"), !endpoint.isEmpty else {
            logger.log(.fatal, "AWS_LAMBDA_RUNTIME_API is not set: this program must be run by AWS Lambda or a Runtime API emulator")
            exit(1)
        }
        let api = runtimeAPI(endpoint: endpoint, logger: logger)

        let workers: Int
        var handlers: [any LambdaHandler] = []
        do {
            workers = try MaxConcurrency.fromEnvironment()
            for _ in 0..<workers { handlers.append(try makeHandler(logger)) }
        } catch {
            failInit(error, api: api, logger: logger)
        }
        var fields: [(String, JSON)] = [("initDurationMs", .number(UTCTime.millisecondsText(since: initStartedAt)))]
        if workers > 1 { fields.append(("maxConcurrency", .number(workers))) }
        logger.info("cold start", fields)

        if workers == 1 {
            serve(RuntimeLoop(api: api, handler: handlers[0], logger: logger), logger: logger)
        }
        let coldStart = ColdStart()
        let owned = WorkerResources(handlers: handlers, initAPI: api)
        WorkerThreads.run(
            count: workers,
            onSpawnFailure: { index, status in
                logger.error("could not start a worker thread; serving with fewer", [("worker", .number(index)), ("errno", .number(Int(status)))])
            },
            { index in
                // Worker 0 reuses the connection init made; the others open their own.
                let workerAPI = owned.initAPI(for: index) ?? runtimeAPI(endpoint: endpoint, logger: logger)
                let loop = RuntimeLoop(
                    api: workerAPI, handler: owned.handler(index), logger: logger, coldStart: coldStart, exportsTraceID: false)
                serve(loop, logger: logger)
            })
        exit(1)  // not reached: every worker serves until the Runtime API fails for good, which exits
    }

    private static func runtimeAPI(endpoint: String, logger: Logger) -> CurlRuntimeAPI {
        do {
            return try CurlRuntimeAPI(endpoint: endpoint)
        } catch {
            logger.log(.fatal, "cannot create the Runtime API client", [("error", .string(error.description))])
            exit(1)
        }
    }

    private static func failInit(_ error: any Error, api: CurlRuntimeAPI, logger: Logger) -> Never {
        let report = InvocationError(reportingInitFailure: error)
        logger.log(.fatal, "initialization failed", [
            ("errorType", .string(report.errorType)), ("errorMessage", .string(report.errorMessage)),
        ])
        do {
            try RetryPolicy().perform("init/error", logger: logger, sleep: RetryPolicy.sleep(milliseconds:)) {
                () throws(RuntimeAPIError) in try api.postInitError(report)
            }
        } catch {
            logger.error("could not report the initialization failure", [("error", .string(error.description))])
        }
        exit(1)
    }

    /// A worker serves until the Runtime API is gone for good; then the whole environment is, so the process ends.
    private static func serve(_ loop: RuntimeLoop, logger: Logger) -> Never {
        do {
            try loop.runForever()
        } catch {
            logger.log(.fatal, "Runtime API failed; stopping", [
                ("operation", .string(error.operation)), ("attempts", .number(error.attempts)),
                ("error", .string(error.cause.description)),
            ])
            exit(1)
        }
    }
}

/// Hands each worker thread what init built for it: its handler, and for worker 0 the Runtime API client.
/// Each is used by exactly one thread from then on (init no longer touches any), which makes the transfer safe.
private final class WorkerResources: @unchecked Sendable {
    private let handlers: [any LambdaHandler]
    private let api: CurlRuntimeAPI
    init(handlers: [any LambdaHandler], initAPI: CurlRuntimeAPI) {
        self.handlers = handlers
        self.api = initAPI
    }
    func handler(_ index: Int) -> any LambdaHandler { handlers[index] }
    func initAPI(for index: Int) -> CurlRuntimeAPI? { index == 0 ? api : nil }
}
