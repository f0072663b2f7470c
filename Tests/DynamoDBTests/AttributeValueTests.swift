import Codec
import Testing

@testable import DynamoDB

struct AttributeValueTests {
    static let everyType: Item = [
        "s": .s("héllo \"quoted\"\n"),
        "n": .n("12345678901234567890123456789012345678"),
        "small": .n("-0.000000000000000000000000000000000000012345"),
        "b": .b([0, 1, 2, 253, 254, 255]),
        "yes": .bool(true),
        "no": .bool(false),
        "nothing": .null,
        "m": .m(["inner": .l([.s("x"), .n("1.5"), .m([:])])]),
        "l": .l([.null, .bool(false), .b([])]),
        "ss": .ss(["a", "b"]),
        "ns": .ns(["1", "99999999999999999999999999999999999999"]),
        "bs": .bs([[1], [2, 3]]),
    ]

    @Test func everyTypeRoundTripsThroughWireJSON() throws {
        let text = AttributeValue.json(item: Self.everyType).text
        #expect(try AttributeValue.item(jsonText: text) == Self.everyType)
    }

    @Test func wireFormIsDynamoDBs() {
        #expect(AttributeValue.n("19.99").json.text == #"{"N":"19.99"}"#)
        #expect(AttributeValue.null.json.text == #"{"NULL":true}"#)
        #expect(AttributeValue.b(Array("hi".utf8)).json.text == #"{"B":"aGk="}"#)
        #expect(AttributeValue.m(["k": .bool(true)]).json.text == #"{"M":{"k":{"BOOL":true}}}"#)
        #expect(AttributeValue.ns(["1", "2"]).json.text == #"{"NS":["1","2"]}"#)
    }

    @Test func numbersStayExact() throws {
        let digits38 = "0.12345678901234567890123456789012345678"
        let item = try AttributeValue.item(jsonText: #"{"p":{"N":"\#(digits38)"}}"#)
        #expect(item["p"]?.numberText == digits38)
        #expect(item["p"]?.decimalValue?.digits == "12345678901234567890123456789012345678")
        #expect(AttributeValue.json(item: item).text.contains(digits38))
    }

    @Test(arguments: [
        (#"{"a":{"S":1}}"#, "a.S"),
        (#"{"a":{"N":"abc"}}"#, "a.N"),
        (#"{"a":{"N":12}}"#, "a.N"),
        (#"{"a":{"B":"***"}}"#, "a.B"),
        (#"{"a":{"NULL":false}}"#, "a.NULL"),
        (#"{"a":{"X":"y"}}"#, "a.X"),
        (#"{"a":{"S":"x","N":"1"}}"#, "a"),
        (#"{"a":{"M":{"b":{"L":[{"S":"ok"},{"BOOL":"no"}]}}}}"#, "a.M.b.L[1].BOOL"),
        (#"{"a":{"SS":["x",2]}}"#, "a.SS"),
        (#"{"a":{"NS":["x"]}}"#, "a.NS"),
        (#"[1]"#, ""),
    ])
    func malformedInputIsRejectedWithItsPath(_ json: String, _ path: String) {
        #expect {
            _ = try AttributeValue.item(jsonText: json)
        } throws: { error in
            (error as? AttributeValueDecodingError)?.path == path
        }
    }
}
