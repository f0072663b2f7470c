/// A 64-bit key for an X.509 distinguished name that equal names always share, computed straight from the
/// DER bytes without OpenSSL's decoders (which cost ~100,000 instructions per name).
///
/// OpenSSL matches names by their canonical form: string values converted to UTF-8, ASCII letters
/// lowercased, leading and trailing spaces dropped, inner runs of spaces collapsed, the attributes of a
/// multi-valued RDN in sorted order. The key is coarser still: per attribute, its type OID and only the
/// ASCII letters (lowercased) and digits of a string value; attributes of one RDN are combined in an
/// order-independent way. So names that OpenSSL calls equal always get the same key; names with the same
/// key are only candidates, and `X509_NAME_cmp` decides.
enum SubjectKey {
    /// The key of a DER-encoded `Name` (SEQUENCE OF RelativeDistinguishedName); `nil` if it is not one.
    static func of(name der: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var reader = DERReader(der)
        guard let name = reader.next(), name.tag == 0x30 else { return nil }
        var key = FNV1a()
        var rdns = DERReader(name.content)
        while !rdns.atEnd {
            guard let rdn = rdns.next(), rdn.tag == 0x31 else { return nil }
            var rdnKey: UInt64 = 0
            var attributes = DERReader(rdn.content)
            while !attributes.atEnd {
                guard let attribute = attributes.next(), attribute.tag == 0x30 else { return nil }
                var fields = DERReader(attribute.content)
                guard let type = fields.next(), type.tag == 0x06, let value = fields.next() else { return nil }
                var attributeKey = FNV1a()
                attributeKey.add(bytes: type.content)
                attributeKey.add(byte: 0xFF)
                addCanonicalLetters(of: value, to: &attributeKey)
                rdnKey &+= attributeKey.value
            }
            key.add(word: rdnKey)
        }
        return key.value
    }

    /// The key of the subject of a DER-encoded certificate, of which `der` may be only the first part;
    /// `nil` when the subject is not (entirely) in it.
    static func ofSubject(certificate der: UnsafeBufferPointer<UInt8>) -> UInt64? {
        // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber,
        // signature, issuer, validity, subject, ... } ... }: the subject is a few hundred bytes in.
        var reader = DERReader(der)
        guard reader.enter(0x30), reader.enter(0x30), var field = reader.next() else { return nil }
        if field.tag == 0xA0 {
            guard let next = reader.next() else { return nil }
            field = next
        }
        guard field.tag == 0x02 else { return nil }  // serialNumber
        for expected: UInt8 in [0x30, 0x30, 0x30] {  // signature, issuer, validity
            guard let next = reader.next(), next.tag == expected else { return nil }
        }
        guard let subject = reader.nextEncoding(), subject.first == 0x30 else { return nil }
        return of(name: subject)
    }

    /// Letters and digits of a string value as ASCII code points, lowercased. Characters outside ASCII and
    /// non-string values add nothing (that only makes the key coarser).
    private static func addCanonicalLetters(of value: DERReader.Element, to key: inout FNV1a) {
        let unitSize: Int
        switch value.tag {
        case 0x0C, 0x13, 0x14, 0x16, 0x1A: unitSize = 1  // UTF8, Printable, T61, IA5, Visible
        case 0x1E: unitSize = 2  // BMPString, UTF-16BE
        case 0x1C: unitSize = 4  // UniversalString, UTF-32BE
        default: return
        }
        let bytes = value.content
        var index = 0
        while index + unitSize <= bytes.count {
            var codePoint: UInt32 = 0
            for offset in 0..<unitSize { codePoint = codePoint << 8 | UInt32(bytes[index + offset]) }
            index += unitSize
            switch codePoint {
            case 0x30...0x39, 0x61...0x7A: key.add(byte: UInt8(codePoint))
            case 0x41...0x5A: key.add(byte: UInt8(codePoint) | 0x20)
            default: continue
            }
        }
    }
}

/// FNV-1a, 64 bits: a fast hash for index keys (not a security boundary: candidates are compared in full).
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { add(byte: byte) }
    }

    mutating func add(word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
}
