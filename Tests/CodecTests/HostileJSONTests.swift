import Codec
import Testing

/// Regressions from the hostile-input corpus (Tests/hostile) and the JSON fuzz target.
@Suite struct HostileJSONTests {
    /// An event with hundreds of thousands of members (headers, query parameters) once took quadratic time
    /// looking for repeated keys; it now parses in one pass, and a repeated key keeps its first position
    /// with its last value.
    @Test func manyMembersWithRepeatsParseInOnePass() throws {
        let count = 100_000
        var text = "{"
        for index in 0..<count { text += "\"k\(index)\":\(index)," }
        text += "\"k17\":\"last\",\"k0\":null}"
        let object = try #require(try JSON.parse(text).objectValue)
        #expect(object.count == count)
        #expect(object["k17"] == .string("last"))
        #expect(object["k0"] == .null)
        #expect(object.keys.prefix(3) == ["k0", "k1", "k2"])
        #expect(object["k99999"] == .number("99999"))
    }

    @Test func repeatsPastTheLinearScanAreFoundToo() throws {
        let members = (0..<40).map { "\"m\($0)\":\($0)" }.joined(separator: ",")
        let object = try #require(try JSON.parse("{\(members),\"m39\":-1,\"m2\":-2}").objectValue)
        #expect(object.count == 40)
        #expect(object["m39"] == .number("-1"))
        #expect(object["m2"] == .number("-2"))
    }

    /// `1e999999` is integral but far beyond `Int`: refused without writing out its digits.
    @Test func hugeIntegralExponentsAreNotInts() {
        #expect(JSON.number("1e999999").intValue == nil)
        #expect(JSON.number("9.223372036854775807e18").intValue == Int.max)
        #expect(JSON.number("9.223372036854775808e18").intValue == nil)
        #expect(JSON.number("-9223372036854775808").intValue == Int.min)
        #expect(JSON.number("1e19").intValue == nil)
    }
}
