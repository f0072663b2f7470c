import Codec
import Testing

@Suite struct JSONParsingTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSON.parse(#"{"a":[1,-2.5e3,true,false,null],"b":{"c":"d"},"e":""}"#)
        #expect(value["a"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(value["b"]?["c"] == .string("d"))
        #expect(value["e"] == .string(""))
        #expect(value.objectValue?.keys == ["a", "b", "e"])
    }

    @Test func keepsNumbersExactly() throws {
        let text = "12345678901234567890123456789012345678.25"
        let value = try JSON.parse("[\(text), 0.1, 1E+400]")
        #expect(value.arrayValue?.map(\.numberText) == [text, "0.1", "1E+400"])
        #expect(value.text == "[\(text),0.1,1E+400]")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSON.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\n\té😀"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", "-", "1e", "tru", "\"abc", "\"\\x\"", "\"\u{01}\"",
        "[1] 2", "\"\\ud800\"", "\"\\udc00x\"", "{1:2}", "nul", "[", "\"\\u12\"",
    ])
    func rejectsMalformedDocuments(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSON.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func refusesHostileNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep) }
        let fine = String(repeating: "[", count: JSON.maximumDepth) + String(repeating: "]", count: JSON.maximumDepth)
        #expect((try? JSON.parse(fine)) != nil)
    }

    @Test func lastDuplicateKeyWins() throws {
        let value = try JSON.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value["a"] == .number("3"))
        #expect(value.objectValue?.count == 2)
    }

    @Test func reportsWhereTheErrorIs() {
        do {
            _ = try JSON.parse("[1, 2, x]")
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 7)
        }
    }
}

@Suite struct JSONWritingTests {
    @Test func escapesWhatJSONRequires() {
        let value: JSON = ["k\"ey": "line\nbreak\u{01}\\ tab\t é"]
        #expect(value.text == #"{"k\"ey":"line\nbreak\u0001\\ tab\t é"}"#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let value: JSON = [
            "name": "Widget", "price": .number("19.99"), "tags": ["a", "b"], "nested": ["x": nil, "y": false],
            "emoji": "😀\u{7F}",
        ]
        #expect(try JSON.parse(value.serialized()) == value)
    }

    @Test func objectSubscriptReplacesInPlaceAndRemoves() {
        var object = JSONObject([("a", 1), ("b", 2)])
        object["a"] = 3
        object["c"] = 4
        object["b"] = nil
        #expect(JSON.object(object).text == #"{"a":3,"c":4}"#)
    }

    @Test func intValueAcceptsOnlyIntegralNumbers() {
        #expect(JSON.number("42").intValue == 42)
        #expect(JSON.number("4.20e1").intValue == 42)
        #expect(JSON.number("-0").intValue == 0)
        #expect(JSON.number("4.5").intValue == nil)
        #expect(JSON.number("1e400").intValue == nil)
        #expect(JSON.string("4").intValue == nil)
    }
}
