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
    private var directives: [JSON] = []
    private var members = JSONObject()
    private var metricNames: [String] = []

    public init(namespace: String, timestampMilliseconds: Int64) {
        self.namespace = namespace
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// A dimension value (or any other top-level member that is not a metric): a later value replaces it.
    public mutating func set(_ name: String, _ value: JSON) {
        members[name] = value
    }

    /// Declares `metrics` under `dimensionSets` and stores their values. Metrics without values are left out
    /// (the specification requires a value for every declared metric), and so is a directive left empty.
    /// Breaking a limit is a programming error here (every name is a constant in this code base): it throws
    /// so a test catches it, and the caller drops the document rather than write one CloudWatch rejects.
    public mutating func add(dimensionSets: [[String]], _ metrics: [Metric]) throws(MetricsError) {
        let present = metrics.filter { !$0.values.isEmpty }
        guard !present.isEmpty else { return }
        guard present.count <= Self.maximumMetricsPerDirective else { throw .tooManyMetrics(present.count) }
        for set in dimensionSets {
            guard set.count <= Self.maximumDimensionsPerSet else { throw .tooManyDimensions(set.count) }
            for name in set where members[name]?.stringValue == nil { throw .missingDimensionValue(name) }
        }
        var declared: [JSON] = []
        for metric in present {
            guard !metric.name.isEmpty, metric.name.utf8.count <= Self.maximumNameLength else { throw .invalidName(metric.name) }
            guard !metricNames.contains(metric.name), members[metric.name] == nil else { throw .duplicateName(metric.name) }
            guard metric.values.count <= Self.maximumValuesPerMetric else { throw .tooManyValues(metric.name) }
            metricNames.append(metric.name)
            declared.append(["Name": .string(metric.name), "Unit": .string(metric.unit.rawValue)])
            members[metric.name] = metric.values.count == 1 ? .number(metric.values[0]) : .array(metric.values.map { .number($0) })
        }
        directives.append([
            "Namespace": .string(namespace),
            "Dimensions": .array(dimensionSets.map { .array($0.map { .string($0) }) }),
            "Metrics": .array(declared),
        ])
    }

    public var isEmpty: Bool { directives.isEmpty }

    /// `_aws` first, then the members in the order they were set.
    public func json() -> JSON {
        var document = JSONObject([
            ("_aws", ["Timestamp": .number(String(timestampMilliseconds)), "CloudWatchMetrics": .array(directives)]),
        ])
        for member in members { document[member.key] = member.value }
        return .object(document)
    }
}

public enum MetricsError: Error, Sendable, Equatable {
    case tooManyMetrics(Int)
    case tooManyDimensions(Int)
    case tooManyValues(String)
    case missingDimensionValue(String)
    case invalidName(String)
    case duplicateName(String)
}
