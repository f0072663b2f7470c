import Codec

extension FuzzTargets {
    /// JSON reader: any bytes parse or fail with an offset inside the input; what parses writes back to text
    /// that parses to the same value; numbers survive `ExactDecimal` and `intValue`.
    public static func json(_ input: UnsafeRawBufferPointer) {
        let parsed: JSON
        do {
            parsed = try JSON.parse(UnsafeBufferPointer(start: input.baseAddress?.assumingMemoryBound(to: UInt8.self), count: input.count))
        } catch {
            FuzzCheck.require((0...input.count).contains(error.offset), "offset \(error.offset) outside \(input.count) bytes")
            return
        }
        let written = parsed.serialized()
        let reparsed = try? JSON.parse(written)
        FuzzCheck.require(reparsed == parsed, "round trip changed the value")
        visitNumbers(parsed)
    }

    private static func visitNumbers(_ value: JSON) {
        switch value {
        case .number(let text):
            let decimal = ExactDecimal(text)
            if let integer = value.intValue {
                FuzzCheck.require(decimal?.isIntegral == true, "\(text) is an Int but not integral")
                FuzzCheck.require(String(integer) == decimal?.description, "\(text) as Int \(integer)")
            }
        case .array(let values): values.forEach(visitNumbers)
        case .object(let object): object.members.forEach { visitNumbers($0.value) }
        default: break
        }
    }
}

/// Namespace of the entry points.
public enum FuzzTargets {}
