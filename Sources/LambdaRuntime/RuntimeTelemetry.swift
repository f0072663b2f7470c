import Codec
import Telemetry

extension Telemetry {
    /// The production telemetry: configuration from the environment, EMF lines to stdout through the same
    /// single-write path as the logs, at a `level` the configured log level lets through.
    public static func forRuntime(
        logger: Logger, initDurationNanoseconds: UInt64?, environment: (String) -> String? = Environment.value
    ) -> Telemetry {
        let level = max(logger.minimumLevel, .info)
        return Telemetry(
            configuration: TelemetryConfiguration.fromEnvironment(metricsLogLevel: level.name, environment),
            initDurationNanoseconds: initDurationNanoseconds, sink: { Logger.writeToStandardOutput(bytes: $0) })
    }
}
