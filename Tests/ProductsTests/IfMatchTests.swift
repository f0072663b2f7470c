import Testing
@testable import Products

@Suite struct IfMatchTests {
    @Test(arguments: [("\"3\"", 3), ("3", 3), ("W/\"3\"", 3), (" \"12\" ", 12)])
    func readsOneVersion(header: String, version: Int) {
        var errors = FieldErrors()
        #expect(IfMatch.version(from: header, &errors) == version)
        #expect(errors.isEmpty)
    }

    @Test(arguments: ["*", "\"1\", \"2\"", "\"0\"", "-1", "\"abc\"", "", "\"\"", "W/", "\"99999999999999999999999\"", "\"3"])
    func refusesAnythingElse(header: String) {
        var errors = FieldErrors()
        #expect(IfMatch.version(from: header, &errors) == nil)
        #expect(errors.all.map(\.field) == ["If-Match"])
    }

    @Test func headerAndBodyMustAgree() {
        var errors = FieldErrors()
        #expect(ExpectedVersion.resolve(header: 2, body: 2, &errors) == 2)
        #expect(ExpectedVersion.resolve(header: 2, body: nil, &errors) == 2)
        #expect(ExpectedVersion.resolve(header: nil, body: 5, &errors) == 5)
        #expect(ExpectedVersion.resolve(header: nil, body: nil, &errors) == nil)
        #expect(errors.isEmpty)
        #expect(ExpectedVersion.resolve(header: 2, body: 3, &errors) == nil)
        #expect(errors.all.map(\.field) == ["version"])
    }
}
