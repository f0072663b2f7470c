import Codec

/// A response's header fields as received: the names and trimmed values side by side in one byte buffer, so a
/// transfer makes no `String` per header. A lookup compares bytes ignoring ASCII case and builds only the
/// value it returns.
struct ReceivedHeaders: Sendable {
    private struct Field: Sendable {
        var nameStart: Int32, nameEnd: Int32, valueEnd: Int32
    }

    private var bytes: [UInt8] = []
    private var fields: [Field] = []

    var isEmpty: Bool { fields.isEmpty }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
    }

    mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        let nameStart = bytes.count
        bytes.append(contentsOf: name)
        bytes.append(contentsOf: value)
        fields.append(Field(
            nameStart: Int32(truncatingIfNeeded: nameStart), nameEnd: Int32(truncatingIfNeeded: nameStart + name.count),
            valueEnd: Int32(truncatingIfNeeded: bytes.count)))
    }

    /// The first value named `name`, ignoring ASCII case.
    func value(named name: String) -> String? {
        var name = name
        return name.withUTF8 { key in
            bytes.withUnsafeBufferPointer { buffer in
                for field in fields where Self.equalsIgnoringCase(buffer, Int(field.nameStart), Int(field.nameEnd), key) {
                    return String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(field.nameEnd)..<Int(field.valueEnd)]), as: UTF8.self)
                }
                return nil
            }
        }
    }

    /// Every field as strings, in order.
    var pairs: [(name: String, value: String)] {
        bytes.withUnsafeBufferPointer { buffer in
            fields.map { field in
                (name: String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(field.nameStart)..<Int(field.nameEnd)]), as: UTF8.self),
                 value: String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(field.nameEnd)..<Int(field.valueEnd)]), as: UTF8.self))
            }
        }
    }

    private static func equalsIgnoringCase(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard end - start == key.count else { return false }
        for offset in 0..<key.count where buffer[start + offset] != key[offset] {
            if ASCII.lowered(buffer[start + offset]) != ASCII.lowered(key[offset]) { return false }
        }
        return true
    }
}
