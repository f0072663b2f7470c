#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Epoch microseconds: X-Ray wants start and end times as epoch seconds with microsecond fractions.
public enum WallClock {
    public static func nowMicroseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    /// `1700000000.123456` as JSON number text (exact: no `Double` rounding).
    public static func secondsText(microseconds: Int64) -> String {
        let fraction = String(microseconds % 1_000_000)
        return "\(microseconds / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }

    /// Milliseconds with microsecond precision, as JSON number text (`12.345`).
    public static func millisecondsText(nanoseconds: UInt64) -> String {
        let micros = nanoseconds / 1000
        let fraction = String(micros % 1000)
        return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
