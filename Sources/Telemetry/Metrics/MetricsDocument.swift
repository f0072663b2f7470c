import Codec

/// One CloudWatch Embedded Metric Format document: `_aws.Timestamp`, one `CloudWatchMetrics` directive per
/// dimension set group, and the dimension values, metric values and properties as top-level members.
/// CloudWatch Logs turns each such log line into metrics; no API call, no permission beyond logging.
public struct MetricsDocument: Sendable {
    /// The specification's limits.
    public static let maximumMetricsPerDirective = 100
    public static let maximumDimensionsPerSet = 30
    public static let maximumValuesPerMetric = 100
    public static let maximumNameLength = 1024

    /// One metric of the document: its name, unit and values.
    public struct Metric: Sendable, Equatable {
        public let name: String
        public let unit: MetricUnit
        /// JSON number texts; more than one value records a distribution (DynamoDB call latencies, say).
        public let values: [String]

        public init(_ name: String, _ unit: MetricUnit, _ values: [String]) {
            self.name = name
            self.unit = unit
            self.values = values
        }

        public init(_ name: String, _ unit: MetricUnit, _ value: Int) {
            self.init(name, unit, [String(value)])
        }
    }

    public let namespace: String
    public let timestampMilliseconds: Int64
    /// The `CloudWatchMetrics` directives, already serialized (comma-separated): one line per invocation is
    /// written on the request path, so no intermediate JSON tree is built.
    private var directives: [UInt8] = []
    private var directiveCount = 0
    /// Top-level members in the order they were set (a handful, so a linear scan is the fastest lookup).
    private var members: [(name: String, value: JSON)] = []

    public init(namespace: String, timestampMilliseconds: Int64) {
        self.namespace = namespace
        self.timestampMilliseconds = timestampMilliseconds
        directives.reserveCapacity(512)
        members.reserveCapacity(24)
    }

    /// A dimension value (or any other top-level member that is not a metric): a later value replaces it.
    public mutating func set(_ name: String, _ value: JSON) {
        if let index = members.firstIndex(where: { $0.name == name }) { members[index].value = value } else { members.append((name, value)) }
    }

    private func member(_ name: String) -> JSON? {
        members.first(where: { $0.name == name })?.value
    }

    /// Declares `metrics` under `dimensionSets` and stores their values. Metrics without values are left out
    /// (the specification requires a value for every declared metric), and so is a directive left empty.
    /// Breaking a limit is a programming error here (every name is a constant in this code base): it throws
    /// so a test catches it, and the caller drops the document rather than write one CloudWatch rejects.
    public mutating func add(dimensionSets: [[String]], _ metrics: [Metric]) throws(MetricsError) {
        let present = metrics.filter { !$0.values.isEmpty }
        guard !present.isEmpty else { return }
        let directive = try MetricsDirective(
            namespace: namespace, dimensionSets: dimensionSets, metrics: present.map { ($0.name, $0.unit) })
        try add(directive, values: present.map(\.values))
    }

    /// Adds a directive built once (the per-request path reuses its bytes) with one value list per metric.
    public mutating func add(_ directive: MetricsDirective, values: [[String]]) throws(MetricsError) {
        guard values.count == directive.metrics.count else { throw .valuesDoNotMatchMetrics }
        for set in directive.dimensionSets {
            for name in set where member(name)?.stringValue == nil { throw .missingDimensionValue(name) }
        }
        for (metric, metricValues) in zip(directive.metrics, values) {
            guard !metricValues.isEmpty else { throw .valuesDoNotMatchMetrics }
            guard metricValues.count <= Self.maximumValuesPerMetric else { throw .tooManyValues(metric.name) }
            guard member(metric.name) == nil else { throw .duplicateName(metric.name) }
            members.append((metric.name, metricValues.count == 1 ? .number(metricValues[0]) : .array(metricValues.map { .number($0) })))
        }
        if directiveCount > 0 { directives.append(UInt8(ascii: ",")) }
        directiveCount += 1
        directives.append(contentsOf: directive.serialized)
    }

    public var isEmpty: Bool { directiveCount == 0 }

    /// The line: `_aws` first, then the members in the order they were set.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(directives.count + 64 * members.count + 64)
        output.append(contentsOf: #"{"_aws":{"Timestamp":"#.utf8)
        output.append(contentsOf: String(timestampMilliseconds).utf8)
        output.append(contentsOf: #","CloudWatchMetrics":["#.utf8)
        output.append(contentsOf: directives)
        output.append(contentsOf: "]}".utf8)
        for member in members {
            output.append(UInt8(ascii: ","))
            JSON.writeString(member.name, to: &output)
            output.append(UInt8(ascii: ":"))
            member.value.write(to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The document as a JSON value (tests, tools).
    public func json() -> JSON {
        (try? JSON.parse(serialized())) ?? .null
    }
}

/// A document CloudWatch would reject: over one of EMF's limits, or a name it does not accept.
public enum MetricsError: Error, Sendable, Equatable {
    case tooManyMetrics(Int)
    case tooManyDimensions(Int)
    case tooManyValues(String)
    case missingDimensionValue(String)
    case invalidName(String)
    case duplicateName(String)
    case valuesDoNotMatchMetrics
}

/// One `CloudWatchMetrics` entry (namespace, dimension sets, metric names and units), validated and
/// serialized once: the invocation path reuses the bytes and only writes values.
public struct MetricsDirective: Sendable {
    public let dimensionSets: [[String]]
    public let metrics: [(name: String, unit: MetricUnit)]
    let serialized: [UInt8]

    public init(namespace: String, dimensionSets: [[String]], metrics: [(String, MetricUnit)]) throws(MetricsError) {
        guard metrics.count <= MetricsDocument.maximumMetricsPerDirective else { throw .tooManyMetrics(metrics.count) }
        var names: [String] = []
        for (name, _) in metrics {
            guard !name.isEmpty, name.utf8.count <= MetricsDocument.maximumNameLength else { throw .invalidName(name) }
            guard !names.contains(name), !dimensionSets.contains(where: { $0.contains(name) }) else { throw .duplicateName(name) }
            names.append(name)
        }
        for set in dimensionSets where set.count > MetricsDocument.maximumDimensionsPerSet { throw .tooManyDimensions(set.count) }
        self.dimensionSets = dimensionSets
        self.metrics = metrics.map { (name: $0.0, unit: $0.1) }
        var bytes: [UInt8] = []
        bytes.append(contentsOf: #"{"Namespace":"#.utf8)
        JSON.writeString(namespace, to: &bytes)
        bytes.append(contentsOf: #","Dimensions":"#.utf8)
        JSON.array(dimensionSets.map { .array($0.map { .string($0) }) }).write(to: &bytes)
        bytes.append(contentsOf: #","Metrics":"#.utf8)
        JSON.array(metrics.map { ["Name": .string($0.0), "Unit": .string($0.1.rawValue)] }).write(to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        serialized = bytes
    }
}
