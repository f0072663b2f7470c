/// The X-Ray trace header as Lambda hands it over (`Lambda-Runtime-Trace-Id`, `_X_AMZN_TRACE_ID`):
/// `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`, plus fields such as
/// `Lineage` that are passed on untouched. A header whose Root or Parent is malformed is ignored (no
/// trace) rather than half-trusted. Parsed once per invocation, over UTF-8 bytes (no Character work).
public struct TraceHeader: Sendable, Equatable {
    /// `1-<8 hex: epoch seconds>-<24 hex>`
    public let root: String
    /// The id of the segment the work hangs under: for a Lambda function, its `AWS::Lambda::Function` segment.
    public let parent: String?
    /// `nil` when the header leaves the decision open (`Sampled=?` or absent).
    public let sampled: Bool?
    /// Other `key=value` fields, in order, forwarded as they came.
    public let otherFields: [String]

    public var isSampled: Bool { sampled == true }

    public init(root: String, parent: String?, sampled: Bool?, otherFields: [String] = []) {
        self.root = root
        self.parent = parent
        self.sampled = sampled
        self.otherFields = otherFields
    }

    public init?(_ text: String) {
        var root: String?
        var parent: String?
        var sampled: Bool?
        var others: [String] = []
        var utf8 = text
        let valid = utf8.withUTF8 { bytes -> Bool in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: ";") { end += 1 }
                let field = Self.trimmed(bytes, start, end)
                start = end + 1
                guard field.lowerBound < field.upperBound else { continue }
                guard let equals = field.first(where: { bytes[$0] == UInt8(ascii: "=") }) else {
                    others.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[field]), as: UTF8.self))
                    continue
                }
                let key = Self.trimmed(bytes, field.lowerBound, equals)
                let value = Self.trimmed(bytes, equals + 1, field.upperBound)
                let valueBytes = UnsafeBufferPointer(rebasing: bytes[value])
                if Self.equals(bytes[key], "Root") {
                    guard Self.isValidRoot(valueBytes) else { return false }
                    root = String(decoding: valueBytes, as: UTF8.self)
                } else if Self.equals(bytes[key], "Parent") {
                    guard Self.isValidSegmentID(valueBytes) else { return false }
                    parent = String(decoding: valueBytes, as: UTF8.self)
                } else if Self.equals(bytes[key], "Sampled") {
                    sampled = Self.equals(bytes[value], "1") ? true : Self.equals(bytes[value], "0") ? false : nil
                } else {
                    others.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[field]), as: UTF8.self))
                }
            }
            return true
        }
        guard valid, let root else { return nil }
        self.init(root: root, parent: parent, sampled: sampled, otherFields: others)
    }

    /// The header for a downstream call made under `parent` (a subsegment's id, or this segment's when the
    /// call is not traced).
    public func header(parent newParent: String?) -> String {
        var text = "Root=" + root
        if let parent = newParent ?? parent { text += ";Parent=" + parent }
        switch sampled {
        case true?: text += ";Sampled=1"
        case false?: text += ";Sampled=0"
        case nil: break
        }
        for field in otherFields { text += ";" + field }
        return text
    }

    static func isValidRoot<C: Collection<UInt8>>(_ value: C) -> Bool where C.Index == Int {
        guard value.count == 35 else { return false }
        let base = value.startIndex
        for offset in 0..<35 {
            let byte = value[base + offset]
            switch offset {
            case 0: guard byte == UInt8(ascii: "1") else { return false }
            case 1, 10: guard byte == UInt8(ascii: "-") else { return false }
            default: guard isHex(byte) else { return false }
            }
        }
        return true
    }

    public static func isValidSegmentID(_ value: String) -> Bool {
        isValidSegmentID(Array(value.utf8))
    }

    static func isValidSegmentID<C: Collection<UInt8>>(_ value: C) -> Bool {
        value.count == 16 && value.allSatisfy(isHex)
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
        var lower = start
        var upper = end
        while lower < upper && bytes[lower] == UInt8(ascii: " ") { lower += 1 }
        while upper > lower && bytes[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
        return lower..<upper
    }

    private static func equals(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { expected in bytes.elementsEqual(expected) }
    }
}
