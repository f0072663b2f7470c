import Codec

/// What telemetry reads from the environment once per process, with Powertools' variable names.
public struct TelemetryConfiguration: Sendable, Equatable {
    /// `POWERTOOLS_METRICS_NAMESPACE`, default `ProductsApi`.
    public var namespace: String
    /// `POWERTOOLS_SERVICE_NAME`, default `products`: the `service` dimension and log key.
    public var serviceName: String
    /// `POWERTOOLS_METRICS_DISABLED=true` writes no EMF documents.
    public var metricsEnabled: Bool
    /// `AWS_XRAY_DAEMON_ADDRESS` when it parses; no traces without it.
    public var daemonAddress: DaemonAddress?
    /// `POWERTOOLS_TRACE_DISABLED=true` sends no subsegments (trace headers still go downstream).
    public var tracingEnabled: Bool
    /// The `level` the EMF line carries. With the JSON log format Lambda filters every stdout line by its
    /// `level` (INFO when absent), so the metrics line takes the configured application level (never
    /// lower than INFO) and survives any `ApplicationLogLevel`.
    public var metricsLogLevel: String

    public init(
        namespace: String = "ProductsApi", serviceName: String = "products", metricsEnabled: Bool = true,
        daemonAddress: DaemonAddress? = nil, tracingEnabled: Bool = true, metricsLogLevel: String = "INFO"
    ) {
        self.namespace = namespace
        self.serviceName = serviceName
        self.metricsEnabled = metricsEnabled
        self.daemonAddress = daemonAddress
        self.tracingEnabled = tracingEnabled
        self.metricsLogLevel = metricsLogLevel
    }

    public static func fromEnvironment(
        metricsLogLevel: String = "INFO", _ environment: (String) -> String? = Environment.value
    ) -> TelemetryConfiguration {
        func text(_ name: String, _ fallback: String) -> String {
            guard let value = environment(name), !value.isEmpty else { return fallback }
            return value
        }
        func isTrue(_ name: String) -> Bool { ["true", "1", "yes"].contains(environment(name)?.lowercased() ?? "") }
        return TelemetryConfiguration(
            namespace: text("POWERTOOLS_METRICS_NAMESPACE", "ProductsApi"),
            serviceName: text("POWERTOOLS_SERVICE_NAME", "products"),
            metricsEnabled: !isTrue("POWERTOOLS_METRICS_DISABLED"),
            daemonAddress: environment("AWS_XRAY_DAEMON_ADDRESS").flatMap(DaemonAddress.init),
            tracingEnabled: !isTrue("POWERTOOLS_TRACE_DISABLED"),
            metricsLogLevel: metricsLogLevel)
    }
}
