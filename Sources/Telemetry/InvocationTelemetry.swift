import Codec

/// One invocation's metrics and trace: created by the runtime loop for each event and handed to the handler
/// in its context. The router names the route, the HTTP handler the response, clients report their
/// outbound calls; `flush` then writes the invocation's one EMF line and its handler subsegment. Per
/// invocation, never shared between invocations; locked anyway so a handler may report from several threads.
public final class InvocationTelemetry: @unchecked Sendable {
    public let requestID: String
    /// The invocation's trace header, if it had a valid one.
    public let trace: TraceHeader?
    public let isColdStart: Bool
    /// True when subsegments are sent: the header says `Sampled=1`, has a parent, and a daemon is configured.
    public let isTraced: Bool

    private let telemetry: Telemetry
    private let lock = Lock()
    private let startedAtMicroseconds = WallClock.nowMicroseconds()
    private var method: String?
    private var route: String?
    private var status: Int?
    private var latencyNanoseconds: UInt64?
    private var authRefusals = 0
    private var calls: [CallTotals] = []
    private var callSummaries: [JSON] = []
    private var flushed = false

    private struct CallTotals {
        let service: String
        var latencies: [String] = []
        var retries = 0
        var throttles = 0
        var circuitOpens = 0
        var faults = 0
    }

    private static let knownMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    init(telemetry: Telemetry, requestID: String, trace: TraceHeader?, isColdStart: Bool) {
        self.telemetry = telemetry
        self.requestID = requestID
        self.trace = trace
        self.isColdStart = isColdStart
        isTraced = trace?.isSampled == true && trace?.parent != nil && telemetry.emitter != nil
    }

    /// The matched route as `METHOD /template`, or `UNMATCHED`. Methods outside the usual set become
    /// `OTHER`, so a client cannot create metrics by inventing methods.
    public func recordRoute(method: String, template: String?) {
        let name = Self.knownMethods.contains(method) ? method : "OTHER"
        lock.withLock {
            self.method = name
            route = template.map { "\(name) \($0)" } ?? MetricName.unmatchedRoute
        }
    }

    public func recordResponse(status: Int, durationNanoseconds: UInt64) {
        lock.withLock {
            self.status = status
            latencyNanoseconds = durationNanoseconds
        }
    }

    /// For the auth layer: one refused request (missing, invalid or insufficient credentials).
    public func countAuthRefusal() {
        lock.withLock { authRefusals += 1 }
    }

    /// Starts an outbound call; put `call.traceHeader` on its requests as `X-Amzn-Trace-Id`.
    public func startCall(
        service: String, operation: String, resourceAttributes: [(String, String)] = [], namespace: OutboundCall.Namespace = .aws,
        httpRequest: (method: String, url: String)? = nil
    ) -> OutboundCall {
        OutboundCall(
            service: service, operation: operation, resourceAttributes: resourceAttributes, namespace: namespace,
            httpRequest: httpRequest, trace: trace, traced: isTraced)
    }

    /// Records the call's metrics and, when traced, sends its subsegment (never blocking, never failing).
    public func finishCall(_ call: OutboundCall, _ result: OutboundCallResult) {
        let elapsed = UTCTimeBridge.monotonicNanoseconds() &- call.startedAtMonotonic
        let milliseconds = WallClock.millisecondsText(nanoseconds: elapsed)
        lock.withLock {
            var totals = calls.first(where: { $0.service == call.service }) ?? CallTotals(service: call.service)
            totals.latencies.append(milliseconds)
            totals.retries += result.retries
            totals.throttles += result.throttles
            if result.openedCircuit { totals.circuitOpens += 1 }
            if result.outcome == .fault { totals.faults += 1 }
            if let index = calls.firstIndex(where: { $0.service == call.service }) { calls[index] = totals } else { calls.append(totals) }
        }
        guard call.isTraced, let trace, let parent = trace.parent else { return }
        let ended = call.startedAtMicroseconds + Int64(elapsed / 1000)
        let document = Subsegment.document(call, result, trace: trace, parentID: parent, endedAtMicroseconds: ended)
        telemetry.send(document)
    }

    /// The EMF document for what was recorded so far (`flush` writes it).
    public func metricsDocument(timestampMilliseconds: Int64 = UTCTime.nowMilliseconds()) throws(MetricsError) -> MetricsDocument {
        let configuration = telemetry.configuration
        var document = MetricsDocument(namespace: configuration.namespace, timestampMilliseconds: timestampMilliseconds)
        document.set("level", .string(configuration.metricsLogLevel))
        document.set("timestamp", .string(UTCTime.iso8601(epochMilliseconds: timestampMilliseconds)))
        document.set("message", "metrics")
        document.set("requestId", .string(requestID))
        document.set(MetricName.serviceDimension, .string(configuration.serviceName))
        if let trace { document.set("xray_trace_id", .string(trace.root)) }
        let (route, status, latency, refusals, calls) = lock.withLock { (self.route, self.status, latencyNanoseconds, authRefusals, self.calls) }
        let directives = telemetry.directives
        if isColdStart, let directive = directives.coldStart {
            var values = [["1"]]
            if let initNanoseconds = telemetry.initDurationNanoseconds { values.append([WallClock.millisecondsText(nanoseconds: initNanoseconds)]) }
            try document.add(directive, values: values)
        }
        // Outbound calls are per service (health makes none): each service's directive is built on first use.
        for call in calls {
            try document.add(telemetry.callDirective(for: call.service), values: [
                call.latencies, [String(call.retries)], [String(call.throttles)], [String(call.circuitOpens)], [String(call.faults)],
            ])
        }
        if let status, let latency, let directive = refusals > 0 ? directives.routeWithAuth : directives.route {
            document.set(MetricName.routeDimension, .string(route ?? MetricName.unmatchedRoute))
            document.set("statusCode", .number(status))
            let statusClass = min(max(status / 100, 2), 5) - 2
            var values = [[WallClock.millisecondsText(nanoseconds: latency)]]
            for index in MetricName.statusClasses.indices { values.append([index == statusClass ? "1" : "0"]) }
            if refusals > 0 { values.append([String(refusals)]) }
            try document.add(directive, values: values)
        }
        return document
    }

    /// Writes the EMF line (once, however often it is called) and, when traced, the handler's subsegment.
    public func flush() {
        guard lock.withLock({ () -> Bool in
            defer { flushed = true }
            return !flushed
        }) else { return }
        if telemetry.configuration.metricsEnabled, let document = try? metricsDocument(), !document.isEmpty {
            telemetry.sink(document.serialized())
        }
        sendHandlerSubsegment()
    }

    /// `## <service>`, as Powertools names its handler subsegment, with the route and status as annotations so
    /// traces can be searched by them.
    private func sendHandlerSubsegment() {
        guard isTraced, let trace, let parent = trace.parent else { return }
        let (method, route, status) = lock.withLock { (self.method, self.route, self.status) }
        var annotations = JSONObject([("cold_start", .bool(isColdStart))])
        if let route { annotations["route"] = .string(route) }
        if let status { annotations["status"] = .number(status) }
        var document = JSONObject([
            ("name", .string("## \(telemetry.configuration.serviceName)")), ("id", .string(SegmentID.generate())),
            ("trace_id", .string(trace.root)), ("parent_id", .string(parent)), ("type", "subsegment"),
            ("start_time", .number(WallClock.secondsText(microseconds: startedAtMicroseconds))),
            ("end_time", .number(WallClock.secondsText(microseconds: WallClock.nowMicroseconds()))),
            ("annotations", .object(annotations)),
        ])
        if let status {
            var http = JSONObject([("response", ["status": .number(status)])])
            if let method { http["request"] = ["method": .string(method)] }
            document["http"] = .object(http)
            if status >= 500 { document["fault"] = true } else if status >= 400 { document["error"] = true }
        }
        telemetry.send(.object(document))
    }
}
