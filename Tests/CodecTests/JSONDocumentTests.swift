import Codec
import Testing

/// `JSONDocument` validates exactly what `JSON.parse` validates and reads the same values, lazily.
@Suite struct JSONDocumentTests {
    private func document(_ text: String) throws(JSONParseError) -> JSONView {
        try JSONDocument(parsing: Array(text.utf8)).root
    }

    private func sameOutcome(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let tree = Result { () throws(JSONParseError) in try JSON.parse(bytes) }
        let view = Result { () throws(JSONParseError) in try JSONDocument(parsing: bytes).root.json }
        switch (tree, view) {
        case (.success(let a), .success(let b)): #expect(a == b, sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)): #expect(a == b, sourceLocation: sourceLocation)
        default: Issue.record("JSON.parse and JSONDocument disagree on \(bytes)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", "-", "1e", "tru", "\"abc", "\"\\x\"", "\"\u{01}\"",
        "[1] 2", "\"\\ud800\"", "\"\\udc00x\"", "{1:2}", "nul", "[", "\"\\u12\"", "\"\\", "\"\\u", "\"a\\\"",
        "{\"a\":1,\"b\":[true,false,null,\"x\\ty\"],\"c\":{\"d\":-0.5e+7}}", "\"\\ud83d\\ude00\"", "\"\\ud83dx\"",
    ])
    func failsAndSucceedsExactlyAsTheTreeParser(_ text: String) {
        sameOutcome(Array(text.utf8))
    }

    @Test func skippedMembersAreStillValidated() {
        // A member no one reads must still be well-formed: the event is refused as a whole.
        #expect(throws: JSONParseError.self) { try document(#"{"headers":{"a":"b"},"skipped":[1,2,}"#) }
        #expect(throws: JSONParseError.self) { try JSONDocument(parsing: Array(#"{"a":1,"skip":""#.utf8) + [0xC3, 0x28, 0x22, 0x7D]) }
        let deep = #"{"a":1,"skip":"# + String(repeating: "[", count: JSON.maximumDepth) + String(repeating: "]", count: JSON.maximumDepth) + "}"
        #expect(throws: JSONParseError.self) { try document(deep) }
    }

    @Test func nestingLimitIsTheSameAndDoesNotCrash() {
        let fine = String(repeating: "[", count: JSON.maximumDepth) + String(repeating: "]", count: JSON.maximumDepth)
        #expect((try? document(fine)) != nil)
        sameOutcome(Array(("[" + fine + "]").utf8))
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: JSONParseError.self) { try document(hostile) }
        sameOutcome(Array(hostile.utf8))
    }

    @Test func utf8IsCheckedAsSwiftChecksIt() {
        // Every two-byte sequence, and three- and four-byte ones around each boundary of Table 3-7.
        var samples: [[UInt8]] = []
        for first in 0x80...0xFF { for second in 0x00...0xFF { samples.append([UInt8(first), UInt8(second)]) } }
        for lead in 0xE0...0xF4 {
            for second: UInt8 in [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0] {
                for third: UInt8 in [0x7F, 0x80, 0xBF, 0xC0] {
                    samples.append([UInt8(lead), second, third])
                    samples.append([UInt8(lead), second, third, 0x80])
                    samples.append([UInt8(lead), second, third, 0xC0])
                }
            }
        }
        for sample in samples where !sample.contains(0x22) && !sample.contains(0x5C) && !sample.contains(where: { $0 < 0x20 }) {
            let valid = String(validating: sample, as: UTF8.self) != nil
            let parsed = (try? JSONDocument(parsing: [0x22] + sample + [0x22])) != nil
            #expect(valid == parsed, "\(sample)")
        }
    }

    @Test func invalidUTF8NextToAnEscapeIsRefused() {
        sameOutcome([0x22, 0xC3, 0x5C, 0x6E, 0xA9, 0x22])
        sameOutcome([0x22, 0x5C, 0x6E, 0xA9, 0x22])
        sameOutcome(Array(#""\u00e9é""#.utf8))
    }

    @Test func hugeNumbersKeepTheirText() throws {
        let digits = String(repeating: "9", count: 5_000) + ".5e-999999"
        let view = try document(#"{"n":\#(digits)}"#)
        #expect(view["n"]?.numberText == digits)
        #expect(view.json == (try JSON.parse(#"{"n":\#(digits)}"#)))
    }

    @Test func readsMembersLazilyWithTheLastDuplicateWinning() throws {
        let view = try document(#"{"a":1,"b":{"c":[true,"x"]},"a":"last","n":null,"h\u0065y":"escaped key"}"#)
        #expect(view["a"]?.stringValue == "last")
        #expect(view["b"]?["c"]?.arrayElements?.map(\.json) == [.bool(true), .string("x")])
        #expect(view["n"]?.isNull == true)
        #expect(view["hey"]?.stringValue == "escaped key")
        #expect(view["missing"] == nil && view["a"]?["x"] == nil)
        #expect(view.objectMembers?.map(\.key) == ["a", "b", "n", "hey"])
        #expect(view.objectMembers?.first?.value.stringValue == "last")
    }

    @Test func keysCompareAsSwiftStringsDo() throws {
        // U+212A KELVIN SIGN is canonically equivalent to "K"; precomposed and decomposed é are equal.
        let view = try document("{\"\u{212A}\":1,\"caf\u{E9}\":2}")
        let tree = try JSON.parse("{\"\u{212A}\":1,\"caf\u{E9}\":2}")
        for key in ["K", "\u{212A}", "cafe\u{301}", "caf\u{E9}", "k"] {
            #expect(view[key]?.json == tree[key], "\(key)")
        }
        sameOutcome(Array("{\"K\":1,\"\u{212A}\":2}".utf8))
    }

    @Test func stringsDecodeTheirEscapes() throws {
        let view = try document(#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00\b\f\r"]"#)
        let expected = "a\"b\\c/d\n\té😀\u{8}\u{C}\r"
        #expect(view.arrayElements?.first?.stringValue == expected)
        #expect(view.arrayElements?.first?.stringBytes == Array(expected.utf8))
    }

    @Test func readsKindsAsTheTreeDoes() throws {
        let view = try document(#"[true,false,null,"s",1,{},[]]"#)
        let kinds = view.arrayElements ?? []
        #expect(kinds.map(\.boolValue) == [true, false, nil, nil, nil, nil, nil])
        #expect(kinds.map(\.isNull) == [false, false, true, false, false, false, false])
        #expect(kinds.map(\.isObject) == [false, false, false, false, false, true, false])
        #expect(kinds[4].numberText == "1" && kinds[3].numberText == nil && kinds[4].stringValue == nil)
        #expect(kinds[5].objectMembers?.isEmpty == true && kinds[6].arrayElements?.isEmpty == true)
    }
}
