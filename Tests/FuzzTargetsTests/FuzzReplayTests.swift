import Foundation
import FuzzTargets
import Testing

/// Every fuzz entry point over its seed corpus and every past finding (Regressions/<target>/), in the normal
/// build and under AddressSanitizer (`make asan-test`). A finding from `make fuzz` is copied into Regressions and
/// fixed; this replays it forever after.
/// Serialized: the entry points share one signer and one handler, as a process does.
@Suite(.serialized) struct FuzzReplayTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = here.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures")

    static var targets: [(name: String, entry: (UnsafeRawBufferPointer) -> Void, corpora: [URL])] {[
        ("json", FuzzTargets.json, [fixtures.appendingPathComponent("events"), root.appendingPathComponent("events")]),
        ("event", FuzzTargets.event, [fixtures.appendingPathComponent("events"), root.appendingPathComponent("events")]),
        ("dynamodb-response", FuzzTargets.dynamoDBResponse, []),
        ("cursor", FuzzTargets.cursor, []),
        ("sigv4", FuzzTargets.sigV4, [fixtures.appendingPathComponent("sigv4")]),
        ("token", FuzzTargets.token, []),
    ]}

    static func files(in directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }

    @Test(arguments: targets.map(\.name))
    func seedsAndPastFindingsRunClean(_ name: String) throws {
        let target = try #require(Self.targets.first { $0.name == name })
        let own = [Self.here.appendingPathComponent("Seeds/\(name)"), Self.here.appendingPathComponent("Regressions/\(name)")]
        let inputs = (own + target.corpora).flatMap(Self.files)
        #expect(inputs.count >= 3, "the \(name) corpus is missing")
        for input in inputs {
            let bytes = [UInt8](try Data(contentsOf: input))
            bytes.withUnsafeBytes(target.entry)
        }
    }

    /// The hostile-input corpus's raw and document events, as event and JSON inputs.
    @Test func theHostileCorpusEventsRunClean() throws {
        let corpus = Self.root.appendingPathComponent("Tests/hostile/cases.jsonl")
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n")
        var replayed = 0
        for line in lines {
            guard let data = line.data(using: .utf8), let value = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let event = value["event"] as? [String: Any]
            else { continue }
            var bytes: [UInt8]?
            if let raw = event["raw"] as? String { bytes = Array(raw.utf8) }
            if let encoded = event["raw_base64"] as? String { bytes = Data(base64Encoded: encoded).map { [UInt8]($0) } }
            if let document = event["document"], JSONSerialization.isValidJSONObject(document) {
                bytes = [UInt8](try JSONSerialization.data(withJSONObject: document))
            }
            guard let bytes else { continue }
            bytes.withUnsafeBytes { FuzzTargets.event($0); FuzzTargets.json($0) }
            replayed += 1
        }
        #expect(replayed >= 40)
    }
}
