import Codec

/// The process-wide half of telemetry: configuration, the X-Ray emitter and where EMF lines go (UTF-8, no
/// newline: the sink ends the line). Built once
/// after init; every invocation gets its own `InvocationTelemetry` from `begin`. Immutable apart from the
/// emitter, which is thread-safe, so many invocations may share it at once.
public final class Telemetry: Sendable {
    public let configuration: TelemetryConfiguration
    /// Init time reported in the cold invocation's metrics.
    public let initDurationNanoseconds: UInt64?
    let emitter: SegmentEmitter?
    let sink: @Sendable ([UInt8]) -> Void
    /// The directives every invocation uses, serialized once, on first use (the cold invocation): building
    /// them costs ~170,000 instructions that init, before the first `GET /next`, need not pay.
    /// Read and written only under `directivesLock`.
    nonisolated(unsafe) private var builtDirectives: InvocationDirectives?
    private let directivesLock = Lock()

    public init(
        configuration: TelemetryConfiguration, initDurationNanoseconds: UInt64? = nil,
        sink: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.configuration = configuration
        self.initDurationNanoseconds = initDurationNanoseconds
        self.sink = sink
        emitter = configuration.tracingEnabled ? configuration.daemonAddress.map(SegmentEmitter.init) : nil
    }

    var directives: InvocationDirectives {
        directivesLock.withLock {
            if let builtDirectives { return builtDirectives }
            let directives = InvocationDirectives(namespace: configuration.namespace, withInitDuration: initDurationNanoseconds != nil)
            builtDirectives = directives
            return directives
        }
    }

    /// No metrics, no traces: for tests and tools that do not care.
    public static let disabled = Telemetry(configuration: TelemetryConfiguration(metricsEnabled: false, tracingEnabled: false), sink: { _ in })

    /// Subsegments sent and dropped so far (a gauge for tests and the local stack).
    public var segmentsSent: Int { emitter?.sentCount ?? 0 }
    public var segmentsDropped: Int { emitter?.droppedCount ?? 0 }

    /// Each outbound service's five call metrics (`DynamoDBLatency`, ...), serialized on first use and kept:
    /// services are a handful of constants in this code base. Read and written only under `callDirectivesLock`.
    nonisolated(unsafe) private var callDirectives: [String: MetricsDirective] = [:]
    private let callDirectivesLock = Lock()

    func callDirective(for service: String) throws(MetricsError) -> MetricsDirective {
        if let directive = callDirectivesLock.withLock({ callDirectives[service] }) { return directive }
        let directive = try MetricsDirective(
            namespace: configuration.namespace, dimensionSets: [[MetricName.serviceDimension]],
            metrics: [
                (service + MetricName.callLatencySuffix, .milliseconds), (service + MetricName.callRetriesSuffix, .count),
                (service + MetricName.callThrottlesSuffix, .count), (service + MetricName.callCircuitOpensSuffix, .count),
                (service + MetricName.callFaultsSuffix, .count),
            ])
        callDirectivesLock.withLock { callDirectives[service] = directive }
        return directive
    }

    /// `traceHeader` is the invocation's `Lambda-Runtime-Trace-Id`; an unparsable one means no tracing.
    public func begin(requestID: String, traceHeader: String?, isColdStart: Bool) -> InvocationTelemetry {
        InvocationTelemetry(
            telemetry: self, requestID: requestID, trace: traceHeader.flatMap(TraceHeader.init), isColdStart: isColdStart)
    }

    func send(_ document: JSON) {
        emitter?.send(document: document.serialized())
    }
}

/// The cold-start and per-route directives of every invocation's metrics document.
struct InvocationDirectives: Sendable {
    let coldStart: MetricsDirective?
    let route: MetricsDirective?
    let routeWithAuth: MetricsDirective?

    init(namespace: String, withInitDuration: Bool) {
        let service = [[MetricName.serviceDimension]]
        let routeDimensions = [[MetricName.serviceDimension, MetricName.routeDimension]]
        let perRoute = [(MetricName.latency, MetricUnit.milliseconds)] + MetricName.statusClasses.map { ($0, MetricUnit.count) }
        coldStart = try? MetricsDirective(
            namespace: namespace, dimensionSets: service,
            metrics: [(MetricName.coldStart, .count)] + (withInitDuration ? [(MetricName.initDuration, .milliseconds)] : []))
        route = try? MetricsDirective(namespace: namespace, dimensionSets: routeDimensions, metrics: perRoute)
        routeWithAuth = try? MetricsDirective(
            namespace: namespace, dimensionSets: routeDimensions, metrics: perRoute + [(MetricName.authRefusals, .count)])
    }
}
