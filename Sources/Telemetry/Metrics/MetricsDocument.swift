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
        guard present.count <= Self.maximumMetricsPerDirective else { throw .tooManyMetrics(present.count) }
        for set in dimensionSets {
            guard set.count <= Self.maximumDimensionsPerSet else { throw .tooManyDimensions(set.count) }
            for name in set where member(name)?.stringValue == nil { throw .missingDimensionValue(name) }
        }
        for metric in present {
            guard !metric.name.isEmpty, metric.name.utf8.count <= Self.maximumNameLength else { throw .invalidName(metric.name) }
            guard member(metric.name) == nil else { throw .duplicateName(metric.name) }
            guard metric.values.count <= Self.maximumValuesPerMetric else { throw .tooManyValues(metric.name) }
        }
        if directiveCount > 0 { directives.append(UInt8(ascii: ",")) }
        directiveCount += 1
        directives.append(contentsOf: #"{"Namespace":"#.utf8)
        JSON.writeString(namespace, to: &directives)
        directives.append(contentsOf: #","Dimensions":["#.utf8)
        for (index, set) in dimensionSets.enumerated() {
            if index > 0 { directives.append(UInt8(ascii: ",")) }
            directives.append(UInt8(ascii: "["))
            for (position, name) in set.enumerated() {
                if position > 0 { directives.append(UInt8(ascii: ",")) }
                JSON.writeString(name, to: &directives)
            }
            directives.append(UInt8(ascii: "]"))
        }
        directives.append(contentsOf: #"],"Metrics":["#.utf8)
        for (index, metric) in present.enumerated() {
            if index > 0 { directives.append(UInt8(ascii: ",")) }
            directives.append(contentsOf: #"{"Name":"#.utf8)
            JSON.writeString(metric.name, to: &directives)
            directives.append(contentsOf: #","Unit":""#.utf8)
            directives.append(contentsOf: metric.unit.rawValue.utf8)
            directives.append(contentsOf: #""}"#.utf8)
            members.append((metric.name, metric.values.count == 1 ? .number(metric.values[0]) : .array(metric.values.map { .number($0) })))
        }
        directives.append(contentsOf: "]}".utf8)
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

public enum MetricsError: Error, Sendable, Equatable {
    case tooManyMetrics(Int)
    case tooManyDimensions(Int)
    case tooManyValues(String)
    case missingDimensionValue(String)
    case invalidName(String)
    case duplicateName(String)
}
