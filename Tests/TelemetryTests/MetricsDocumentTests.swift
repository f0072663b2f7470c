import Codec
import Telemetry
import Testing

@Suite struct MetricsDocumentTests {
    @Test func writesTheSpecificationsShape() throws {
        var document = MetricsDocument(namespace: "ProductsApi", timestampMilliseconds: 1_700_000_000_123)
        document.set("service", "products")
        try document.add(dimensionSets: [["service"]], [.init("ColdStart", .count, 1), .init("DynamoDBLatency", .milliseconds, ["1.5", "2.25"])])
        #expect(document.json().text == #"{"_aws":{"Timestamp":1700000000123,"CloudWatchMetrics":[{"Namespace":"ProductsApi","Dimensions":[["service"]],"Metrics":[{"Name":"ColdStart","Unit":"Count"},{"Name":"DynamoDBLatency","Unit":"Milliseconds"}]}]},"service":"products","ColdStart":1,"DynamoDBLatency":[1.5,2.25]}"#)
    }

    @Test func metricsWithoutValuesAndEmptyDirectivesAreLeftOut() throws {
        var document = MetricsDocument(namespace: "N", timestampMilliseconds: 0)
        document.set("service", "s")
        try document.add(dimensionSets: [["service"]], [.init("Empty", .count, [])])
        #expect(document.isEmpty)
    }

    @Test func limitsAreEnforced() {
        var document = MetricsDocument(namespace: "N", timestampMilliseconds: 0)
        document.set("d", "v")
        let many = (0...100).map { MetricsDocument.Metric("m\($0)", .count, 1) }
        #expect(throws: MetricsError.tooManyMetrics(101)) { try document.add(dimensionSets: [["d"]], many) }
        let wide = Array(repeating: "d", count: 31)
        #expect(throws: MetricsError.tooManyDimensions(31)) { try document.add(dimensionSets: [wide], [.init("x", .count, 1)]) }
        #expect(throws: MetricsError.missingDimensionValue("route")) { try document.add(dimensionSets: [["route"]], [.init("x", .count, 1)]) }
        #expect(throws: MetricsError.tooManyValues("v")) {
            try document.add(dimensionSets: [["d"]], [.init("v", .milliseconds, Array(repeating: "1", count: 101))])
        }
        #expect(throws: MetricsError.duplicateName("d")) { try document.add(dimensionSets: [["d"]], [.init("d", .count, 1)]) }
    }
}
