/// X-Ray segment and subsegment ids: 64 random bits as 16 lower-case hex digits.
public enum SegmentID {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(UInt64.random(in: 1...UInt64.max, using: &generator))
    }

    static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 16)
        var rest = value
        for index in stride(from: 15, through: 0, by: -1) {
            bytes[index] = digits[Int(rest & 0xF)]
            rest >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
