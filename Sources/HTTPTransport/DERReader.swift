/// Walks DER tag-length-value elements in a byte buffer, for the few fields the trust store reads without
/// OpenSSL (certificate subjects). Single-byte tags and definite lengths only, as DER requires; anything
/// else, or an element running past the buffer, ends the walk with `nil`.
struct DERReader {
    struct Element {
        let tag: UInt8
        let content: UnsafeBufferPointer<UInt8>
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    /// Steps into the next element when it has `tag`: the following reads are its children. The element may
    /// run past the buffer (only a prefix of a certificate may be at hand).
    mutating func enter(_ tag: UInt8) -> Bool {
        guard let (found, start, _) = header(), found == tag else { return false }
        position = start
        return true
    }

    /// The next element, which must lie entirely within the buffer.
    mutating func next() -> Element? {
        guard let (tag, start, length) = header(), length <= bytes.count - start else { return nil }
        position = start + length
        return Element(tag: tag, content: UnsafeBufferPointer(rebasing: bytes[start..<start + length]))
    }

    /// The next element's whole encoding (tag and length included).
    mutating func nextEncoding() -> UnsafeBufferPointer<UInt8>? {
        let begin = position
        guard next() != nil else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[begin..<position])
    }

    private func header() -> (tag: UInt8, contentStart: Int, length: Int)? {
        guard position + 2 <= bytes.count else { return nil }
        let tag = bytes[position]
        guard tag & 0x1F != 0x1F else { return nil }
        let first = Int(bytes[position + 1])
        var start = position + 2
        if first < 0x80 { return (tag, start, first) }
        let count = first & 0x7F
        guard count >= 1, count <= 4, start + count <= bytes.count else { return nil }
        var length = 0
        for index in start..<start + count { length = length << 8 | Int(bytes[index]) }
        start += count
        return (tag, start, length)
    }
}
