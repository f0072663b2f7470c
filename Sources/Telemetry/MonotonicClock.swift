import Codec

/// The monotonic clock Codec reads, under a name that says why this module uses it.
enum UTCTimeBridge {
    static func monotonicNanoseconds() -> UInt64 { UTCTime.monotonicNanoseconds() }
}
