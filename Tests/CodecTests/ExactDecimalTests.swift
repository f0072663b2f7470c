import Codec
import Testing

@Suite struct ExactDecimalTests {
    @Test(arguments: [
        ("19.99", "19.99", 2, false), ("0", "0", 0, false), ("-0.0", "0", 0, false), ("1.50", "1.5", 1, false),
        ("1e3", "1000", 0, false), ("1.25E-2", "0.0125", 4, false), ("-12.5", "-12.5", 1, true), ("+.5", "0.5", 1, false),
        ("00042", "42", 0, false),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678", 0, false),
    ])
    func normalisesWithoutLosingDigits(_ text: String, _ plain: String, _ fraction: Int, _ negative: Bool) throws {
        let decimal = try #require(ExactDecimal(text))
        #expect(decimal.description == plain)
        #expect(decimal.fractionDigits == fraction)
        #expect(decimal.isNegative == negative)
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "abc", "1e", "1e+", "--1", "1x"])
    func rejectsNonNumbers(_ text: String) {
        #expect(ExactDecimal(text) == nil)
    }

    @Test func magnitudeIsTheLeadingDigitsPower() throws {
        #expect(try #require(ExactDecimal("123.4")).magnitude == 2)
        #expect(try #require(ExactDecimal("0.001")).magnitude == -3)
    }
}

@Suite struct UTCTimeTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z", "19700101T000000Z"),
        (Int64(1_440_938_160_000), "2015-08-30T12:36:00.000Z", "20150830T123600Z"),
        (Int64(951_782_400_123), "2000-02-29T00:00:00.123Z", "20000229T000000Z"),
        (Int64(4_107_542_399_999), "2100-02-28T23:59:59.999Z", "21000228T235959Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z", "19691231T235959Z"),
    ])
    func formatsKnownInstants(_ millis: Int64, _ iso: String, _ amz: String) {
        #expect(UTCTime.iso8601(epochMilliseconds: millis) == iso)
        #expect(UTCTime.amzDate(epochMilliseconds: millis) == amz)
    }

    /// The fixed-width fast path (years 0 to 9999) and the general one agree at the edges.
    @Test(arguments: [
        (Int64(-62_167_219_200_000), "0000-01-01T00:00:00.000Z", "00000101T000000Z"),
        (Int64(-62_167_219_200_001), "00-1-12-31T23:59:59.999Z", "00-11231T235959Z"),  // the general path pads signs oddly, as before
        (Int64(253_402_300_799_999), "9999-12-31T23:59:59.999Z", "99991231T235959Z"),
        (Int64(253_402_300_800_000), "10000-01-01T00:00:00.000Z", "100000101T000000Z"),
        (Int64(1_764_590_405_007), "2025-12-01T12:00:05.007Z", "20251201T120005Z"),
    ])
    func formatsEveryYearWidth(_ millis: Int64, _ iso: String, _ amz: String) {
        #expect(UTCTime.iso8601(epochMilliseconds: millis) == iso)
        #expect(UTCTime.amzDate(epochMilliseconds: millis) == amz)
    }

    @Test func clocksMoveForward() {
        let wall = UTCTime.nowMilliseconds()
        #expect(wall > 1_700_000_000_000)
        let first = UTCTime.monotonicNanoseconds()
        #expect(UTCTime.monotonicNanoseconds() >= first)
    }
}

@Suite struct DurationTextTests {
    @Test func formatsMillisecondsWithMicrosecondPrecision() {
        #expect(UTCTime.millisecondsText(since: 1_000, now: 12_346_000) == "12.345")
        #expect(UTCTime.millisecondsText(since: 0, now: 5_000) == "0.005")
        #expect(UTCTime.millisecondsText(since: 0, now: 2_000_000_000) == "2000.000")
        #expect(UTCTime.millisecondsText(since: 10, now: 5) == "0.000")
    }
}
