import Testing
@testable import Products

@Suite struct IfMatchTests {
    @Test(arguments: [("\"3\"", 3), ("3", 3), ("W/\"3\"", 3), (" \"12\" ", 12), ("\"999999999999999999\"", 999_999_999_999_999_999)])
    func readsOneVersion(header: String, version: Int) {
        var errors = FieldErrors()
        #expect(IfMatch.condition(from: header, &errors) == .version(version))
        #expect(errors.isEmpty)
    }

    @Test(arguments: ["*", " * "])
    func readsAnyVersion(header: String) {
        var errors = FieldErrors()
        #expect(IfMatch.condition(from: header, &errors) == .anyVersion)
        #expect(errors.isEmpty)
    }

    /// Exactly what docs/openapi.yaml's `IfMatchValue` pattern refuses.
    @Test(arguments: [
        "\"1\", \"2\"", "\"0\"", "0", "-1", "\"abc\"", "", "\"\"", "W/", "W/3", "\"03\"", "**", "\"*\"",
        "\"1000000000000000000\"", "\"99999999999999999999999\"", "\"3", "3\"",
    ])
    func refusesAnythingElse(header: String) {
        var errors = FieldErrors()
        #expect(IfMatch.condition(from: header, &errors) == nil)
        #expect(errors.all.map(\.field) == ["If-Match"])
    }

    @Test func headerAndBodyVersionsCombine() {
        #expect(ExpectedVersion.resolve(header: .version(2), body: 2) == .version(2))
        #expect(ExpectedVersion.resolve(header: .version(2), body: nil) == .version(2))
        #expect(ExpectedVersion.resolve(header: nil, body: 5) == .version(5))
        #expect(ExpectedVersion.resolve(header: nil, body: nil) == nil)
        #expect(ExpectedVersion.resolve(header: .version(2), body: 3) == .contradictory(ifMatch: 2, body: 3))
    }

    @Test func anyVersionDefersToABodyVersion() {
        #expect(ExpectedVersion.resolve(header: .anyVersion, body: nil) == .anyVersion)
        #expect(ExpectedVersion.resolve(header: .anyVersion, body: 4) == .version(4))
    }
}
