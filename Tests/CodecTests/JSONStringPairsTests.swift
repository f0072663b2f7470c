import Codec
import Testing

/// Header maps read in place: lookups compare the names' bytes ignoring ASCII case, values come out decoded,
/// and the pairs are the ones `objectMembers` resolves (a repeated name keeps its place, takes its last value).
@Suite struct JSONStringPairsTests {
    private func pairs(_ text: String, multiValue: Bool = false) throws -> JSONStringPairs? {
        try JSONDocument(parsing: Array(text.utf8)).root.stringPairs(multiValue: multiValue)
    }

    @Test func looksNamesUpIgnoringASCIICase() throws {
        let map = try #require(try pairs(#"{"Content-Type":"application/json","X-Trace":"a\"b","x-trace":"c"}"#))
        #expect(map.count == 3)
        #expect(map.firstValue(named: "content-type") == "application/json")
        #expect(map.firstValue(named: "CONTENT-TYPE") == "application/json")
        #expect(map.firstValue(named: "Content-Typ") == nil)
        #expect(map.firstValue(named: "Content-Typex") == nil)
        #expect(map.values(named: "X-TRACE") == ["a\"b", "c"])
        #expect(map.values(named: "missing") == [])
    }

    @Test func escapedAndNonASCIINamesCompareDecoded() throws {
        let map = try #require(try pairs(#"{"\u0041ccept":"x","Üml":"y","caf\u00e9":"z"}"#))
        #expect(map.firstValue(named: "accept") == "x")
        #expect(map.firstValue(named: "Üml") == "y")
        // ASCII case folding only, as ASCII.equalsIgnoringCase: Ü is not ü.
        #expect(map.firstValue(named: "üml") == nil)
        #expect(map.firstValue(named: "café") == "z")
    }

    @Test func multiValueMapsAreFlattenedInOrderAndNullsSkipped() throws {
        let map = try #require(try pairs(#"{"A":["1","2"],"B":null,"C":[],"a":["3"]}"#, multiValue: true))
        #expect(map.strings.map { "\($0.name)=\($0.value)" } == ["A=1", "A=2", "a=3"])
        #expect(map.values(named: "a") == ["1", "2", "3"])
    }

    @Test func repeatedNamesResolveAsObjectMembersDo() throws {
        // More members than the linear scan handles, with repeats (one spelled with an escape): the table path.
        var members = (0..<40).map { #""h\#($0)":"v\#($0)""# }
        members.append(#""h3":"late""#)
        members.append(#""\u0068\u0035":"escaped""#)
        let text = "{" + members.joined(separator: ",") + "}"
        let map = try #require(try pairs(text))
        let view = try JSONDocument(parsing: Array(text.utf8)).root
        let expected = try #require(view.objectMembers).map { "\($0.key)=\($0.value.stringValue ?? "")" }
        #expect(map.strings.map { "\($0.name)=\($0.value)" } == expected)
        #expect(map.count == 40)
        #expect(map.firstValue(named: "H3") == "late")
        #expect(map.firstValue(named: "h5") == "escaped")
    }

    @Test func aMemberOfAnotherTypeIsNamed() throws {
        #expect(throws: JSONStringPairsError(key: "B")) { try pairs(#"{"A":"1","B":2}"#) }
        #expect(throws: JSONStringPairsError(key: "A")) { try pairs(#"{"A":"1"}"#, multiValue: true) }
        #expect(throws: JSONStringPairsError(key: "A")) { try pairs(#"{"A":["1",2]}"#, multiValue: true) }
        #expect(throws: JSONStringPairsError(key: "A")) { try pairs(#"{"A":["1"]}"#) }
        #expect(try pairs(#"["A"]"#) == nil)
    }
}

/// The writer's word-at-a-time scan finds every byte that needs an escape, wherever it sits in a word.
@Suite struct JSONStringWriterTests {
    /// Byte by byte, lower-case hex.
    private func reference(_ text: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [0x5C, byte]
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20: out += Array("\\u00".utf8) + Array(String(byte >> 4, radix: 16).utf8) + Array(String(byte & 0x0F, radix: 16).utf8)
            default: out.append(byte)
            }
        }
        return out + [0x22]
    }

    @Test(arguments: ["\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}"])
    func everyPositionOfEveryEscape(_ special: String) throws {
        for length in 0..<20 {
            for position in 0...length {
                let plain = String(repeating: "abcdéfgh", count: 3).prefix(length)
                var text = String(plain)
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: min(position, text.count)))
                let bytes = JSON.string(text).serialized()
                #expect(bytes.map(ASCII.lowered) == reference(text), "\(Array(text.utf8))")
                let written = String(decoding: bytes, as: UTF8.self)
                #expect(try JSON.parse(written) == .string(text))
            }
        }
    }

    @Test func bytesAboveASCIIAreCopiedUnescaped() {
        let text = "grüße — 日本語 ✓ plain ascii after"
        #expect(JSON.string(text).serialized() == Array("\"\(text)\"".utf8))
    }
}
