import Codec
import HTTPTransport
import Telemetry

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process entry point for Lambda's custom runtime (`bootstrap`).
public enum LambdaRuntime {
    /// Builds the handler once, then serves events for ever. Exits non-zero when `AWS_LAMBDA_RUNTIME_API`
    /// is missing, when `makeHandler` throws (after reporting it to `init/error`) or when the Runtime API
    /// fails for good. `initStartedAt` is a `UTCTime.monotonicNanoseconds()` reading from the start of `main`.
    public static func run(
        initStartedAt: UInt64 = UTCTime.monotonicNanoseconds(), makeHandler: (Logger) throws -> any LambdaHandler
    ) -> Never {
        let logger = Logger.fromEnvironment()
        guard let endpoint = Environment.value("AWS_LAMBDA_RUNTIME_API"), !endpoint.isEmpty else {
            logger.log(.fatal, "AWS_LAMBDA_RUNTIME_API is not set: this program must be run by AWS Lambda or a Runtime API emulator")
            exit(1)
        }
        let api: CurlRuntimeAPI
        do {
            api = try CurlRuntimeAPI(endpoint: endpoint)
        } catch {
            logger.log(.fatal, "cannot create the Runtime API client", [("error", .string(error.description))])
            exit(1)
        }

        let handler: any LambdaHandler
        do {
            handler = try makeHandler(logger)
        } catch {
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
        let initDuration = UTCTime.monotonicNanoseconds() - initStartedAt
        logger.info("cold start", [("initDurationMs", .number(UTCTime.millisecondsText(since: initStartedAt)))])
        let telemetry = Telemetry.forRuntime(logger: logger, initDurationNanoseconds: initDuration)

        do {
            try RuntimeLoop(api: api, handler: handler, logger: logger, telemetry: telemetry).runForever()
        } catch {
            logger.log(.fatal, "Runtime API failed; stopping", [
                ("operation", .string(error.operation)), ("attempts", .number(error.attempts)),
                ("error", .string(error.cause.description)),
            ])
            exit(1)
        }
    }
}
