import Codec
import Foundation

/// The real event documents in Tests/Fixtures/events, read two ways: with our parser (the input under
/// test) and with Foundation's (the independent source of expected values).
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/events").standardized

    static func names(containing word: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasSuffix(".json") && $0.contains(word) }.sorted()
    }

    static var requestNames: [String] { names(containing: "request") }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func json(_ name: String) throws -> JSON { try JSON.parse(try bytes(name)) }

    static func document(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(try bytes(name))) as! [String: Any]
    }
}
