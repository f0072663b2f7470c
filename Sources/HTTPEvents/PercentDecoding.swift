import Codec

/// URL decoding for paths and query strings. Lenient: a `%` not followed by two hex digits stays as it is,
/// so a stray `%` from a client never fails a request.
enum PercentDecoding {
    /// `plusIsSpace` for query strings (`application/x-www-form-urlencoded`), never for paths.
    static func decode<S: StringProtocol>(_ text: S, plusIsSpace: Bool) -> String {
        let utf8 = text.utf8
        guard utf8.contains(UInt8(ascii: "%")) || (plusIsSpace && utf8.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        let bytes = Array(utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `a=1&b=two%20words&flag` → `[("a","1"), ("b","two words"), ("flag","")]`, in order, repeats kept.
    static func queryParameters(_ raw: String) -> [(name: String, value: String)] {
        raw.split(separator: "&").map { pair in
            guard let equals = pair.firstIndex(of: "=") else { return (decode(pair, plusIsSpace: true), "") }
            return (
                decode(pair[..<equals], plusIsSpace: true),
                decode(pair[pair.index(after: equals)...], plusIsSpace: true)
            )
        }
    }
}
