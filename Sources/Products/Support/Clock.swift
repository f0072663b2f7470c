import Codec

/// Where the service reads the time: the wall clock in production, a fixed or stepping one in tests.
public struct Clock: Sendable {
    public let epochMilliseconds: @Sendable () -> Int64

    public init(epochMilliseconds: @escaping @Sendable () -> Int64) { self.epochMilliseconds = epochMilliseconds }

    public static let system = Clock(epochMilliseconds: UTCTime.nowMilliseconds)

    public func timestamp() -> (epochMilliseconds: Int64, iso8601: String) {
        let now = epochMilliseconds()
        return (now, UTCTime.iso8601(epochMilliseconds: now))
    }
}
