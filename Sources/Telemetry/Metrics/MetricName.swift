/// The metric and dimension names this function publishes. Other modules count through
/// `InvocationTelemetry` using these (auth: `countAuthRefusal()` feeds `authRefusals`).
public enum MetricName {
    public static let coldStart = "ColdStart"
    public static let initDuration = "InitDuration"
    public static let latency = "Latency"
    /// `Status2xx` … `Status5xx`: 1 for the response's class, 0 for the others, so Average is a rate.
    public static let statusClasses = ["Status2xx", "Status3xx", "Status4xx", "Status5xx"]
    public static let authRefusals = "AuthRefusals"
    /// Per outbound service, prefixed with its name: `DynamoDBLatency`, `DynamoDBRetries`, …
    public static let callLatencySuffix = "Latency"
    public static let callRetriesSuffix = "Retries"
    public static let callThrottlesSuffix = "Throttles"
    public static let callCircuitOpensSuffix = "CircuitOpens"
    public static let callFaultsSuffix = "Faults"

    public static let serviceDimension = "service"
    public static let routeDimension = "route"
    /// The route dimension of a request no route matched (raw paths would make the metric count unbounded).
    public static let unmatchedRoute = "UNMATCHED"
}
