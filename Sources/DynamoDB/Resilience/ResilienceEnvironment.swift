#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Codec

/// The clock, sleep and randomness the retry loop and the breaker use, so tests can drive them without
/// real waiting.
package struct ResilienceEnvironment {
    /// Wall-clock epoch milliseconds (deadlines are epoch milliseconds too).
    public var now: () -> Int64
    public var sleep: (_ milliseconds: Int64) -> Void
    /// A uniformly random value in `0...upperBound`.
    public var random: (_ upperBound: Int64) -> Int64

    public init(now: @escaping () -> Int64, sleep: @escaping (Int64) -> Void, random: @escaping (Int64) -> Int64) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    public static var system: ResilienceEnvironment {
        ResilienceEnvironment(
            now: UTCTime.nowMilliseconds,
            sleep: { milliseconds in
                guard milliseconds > 0 else { return }
                var request = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
                var remaining = timespec()
                while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
            },
            random: { upperBound in upperBound <= 0 ? 0 : Int64.random(in: 0...upperBound) })
    }
}
