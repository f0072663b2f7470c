#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Wall-clock and monotonic time without Foundation: epoch milliseconds in, the formats AWS wants out.
public enum UTCTime {
    public static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// For durations: never jumps with the wall clock.
    public static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Milliseconds elapsed since a `monotonicNanoseconds()` reading, with microsecond precision, as JSON
    /// number text (`"12.345"`) so log lines carry it exactly.
    public static func millisecondsText(since start: UInt64, now: UInt64 = monotonicNanoseconds()) -> String {
        let micros = (now >= start ? now - start : 0) / 1000
        let fraction = String(micros % 1000)
        return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// A UTC date and time broken into its calendar fields.
    public struct Components: Sendable, Equatable {
        public var year, month, day, hour, minute, second, millisecond: Int
    }

    public static func components(epochMilliseconds: Int64) -> Components {
        let millis = Int(epochMilliseconds % 1000 + 1000) % 1000
        let seconds = (epochMilliseconds - Int64(millis)) / 1000
        var days = Int(seconds / 86_400)
        var secondOfDay = Int(seconds % 86_400)
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Components(
            year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60, millisecond: millis)
    }

    /// `2026-11-23T11:16:45.123Z`: sorts as text in time order, which the category index relies on.
    public static func iso8601(epochMilliseconds: Int64) -> String {
        let c = components(epochMilliseconds: epochMilliseconds)
        if (0...9999).contains(c.year) {
            // Every field has its fixed width: the digits go straight into the string's storage.
            return fixedWidth(24, [(c.year, 4, "-"), (c.month, 2, "-"), (c.day, 2, "T"), (c.hour, 2, ":"),
                                   (c.minute, 2, ":"), (c.second, 2, "."), (c.millisecond, 3, "Z")])
        }
        var text: [UInt8] = []
        text.reserveCapacity(24)
        append(c.year, 4, to: &text, then: "-")
        append(c.month, 2, to: &text, then: "-")
        append(c.day, 2, to: &text, then: "T")
        append(c.hour, 2, to: &text, then: ":")
        append(c.minute, 2, to: &text, then: ":")
        append(c.second, 2, to: &text, then: ".")
        append(c.millisecond, 3, to: &text, then: "Z")
        return String(decoding: text, as: UTF8.self)
    }

    /// SigV4's `X-Amz-Date` form: `20261123T111645Z`.
    public static func amzDate(epochMilliseconds: Int64) -> String {
        let c = components(epochMilliseconds: epochMilliseconds)
        if (0...9999).contains(c.year) {
            return fixedWidth(16, [(c.year, 4, nil), (c.month, 2, nil), (c.day, 2, "T"), (c.hour, 2, nil),
                                   (c.minute, 2, nil), (c.second, 2, "Z")])
        }
        var text: [UInt8] = []
        text.reserveCapacity(16)
        append(c.year, 4, to: &text)
        append(c.month, 2, to: &text)
        append(c.day, 2, to: &text, then: "T")
        append(c.hour, 2, to: &text)
        append(c.minute, 2, to: &text)
        append(c.second, 2, to: &text, then: "Z")
        return String(decoding: text, as: UTF8.self)
    }

    /// Fields that fit their widths (`0 <= value < 10^width`), each zero-padded and followed by its separator;
    /// `count` is the total length.
    private static func fixedWidth(_ count: Int, _ fields: [(value: Int, width: Int, then: Unicode.Scalar?)]) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            var end = 0
            for field in fields {
                var rest = field.value
                end += field.width
                for index in stride(from: end - 1, through: end - field.width, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
                if let separator = field.then {
                    buffer[end] = UInt8(ascii: separator)
                    end += 1
                }
            }
            return end
        }
    }

    /// `value` zero-padded to `width` digits (a negative or wider value as its plain decimal text, padded).
    private static func append(_ value: Int, _ width: Int, to text: inout [UInt8], then separator: Unicode.Scalar? = nil) {
        if value >= 0 {
            var digits = 1
            var limit = 10
            while value >= limit, digits < 19 { digits += 1; limit &*= 10 }
            for _ in digits..<max(width, digits) { text.append(UInt8(ascii: "0")) }
            let start = text.count
            var rest = value
            for _ in 0..<digits { text.append(UInt8(ascii: "0") + UInt8(rest % 10)); rest /= 10 }
            text[start...].reverse()
        } else {
            let plain = String(value)
            for _ in plain.utf8.count..<max(width, plain.utf8.count) { text.append(UInt8(ascii: "0")) }
            text.append(contentsOf: plain.utf8)
        }
        if let separator { text.append(UInt8(ascii: separator)) }
    }
}
