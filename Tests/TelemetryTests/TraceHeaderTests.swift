import Telemetry
import Testing

@Suite struct TraceHeaderTests {
    @Test func readsLambdasHeader() throws {
        let header = try #require(TraceHeader(sampledHeader))
        #expect(header.root == "1-5759e988-bd862e3fe1be46a994272793")
        #expect(header.parent == "53995c3f42cd8ad8")
        #expect(header.isSampled)
        #expect(header.otherFields == ["Lineage=a87bd80c:0"])
    }

    @Test func downstreamHeaderNamesTheNewParentAndKeepsTheRest() throws {
        let header = try #require(TraceHeader(sampledHeader))
        #expect(header.header(parent: "0123456789abcdef")
            == "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0123456789abcdef;Sampled=1;Lineage=a87bd80c:0")
        #expect(try #require(TraceHeader(unsampledHeader)).header(parent: nil) == unsampledHeader)
    }

    @Test func undecidedSamplingIsNotSampled() throws {
        let header = try #require(TraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?"))
        #expect(header.sampled == nil && !header.isSampled && header.parent == nil)
    }

    @Test(arguments: [
        "", "Parent=53995c3f42cd8ad8;Sampled=1", "Root=2-5759e988-bd862e3fe1be46a994272793",
        "Root=1-5759e98-bd862e3fe1be46a994272793", "Root=1-5759e988-bd862e3fe1be46a99427279z",
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz5c3f42cd8ad8",
    ])
    func malformedHeadersAreIgnored(_ text: String) {
        #expect(TraceHeader(text) == nil)
    }

    @Test func segmentIDsAreSixteenHexDigitsAndDiffer() {
        let ids = (0..<100).map { _ in SegmentID.generate() }
        #expect(ids.allSatisfy { TraceHeader.isValidSegmentID($0) && $0 != "0000000000000000" })
        #expect(Set(ids).count == ids.count)
    }

    @Test func daemonAddressForms() throws {
        #expect(try #require(DaemonAddress("169.254.79.129:2000")).port == 2000)
        let pair = try #require(DaemonAddress("tcp:127.0.0.1:2000 udp:127.0.0.2:2001"))
        #expect(pair.host == "127.0.0.2" && pair.port == 2001)
        #expect(DaemonAddress("localhost:2000")?.host == "127.0.0.1")
        for bad in ["", "2000", "daemon.example:2000", "127.0.0.1:0", "127.0.0.1:70000", "tcp:127.0.0.1:2000"] {
            #expect(DaemonAddress(bad) == nil, "\(bad)")
        }
    }
}
