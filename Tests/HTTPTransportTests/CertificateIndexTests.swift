import Testing

@testable import HTTPTransport

/// The bundle index's parts, without OpenSSL: equal names (as OpenSSL compares them) must share a subject
/// key, or the index would miss a CA that a full load of the bundle finds.
@Suite struct CertificateIndexTests {
    /// DER of a Name: RDNs of (OID content bytes, string tag, value bytes).
    private func name(_ rdns: [[(oid: [UInt8], tag: UInt8, value: [UInt8])]]) -> [UInt8] {
        func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
            precondition(content.count < 0x80)
            return [tag, UInt8(content.count)] + content
        }
        var rdnBytes: [UInt8] = []
        for rdn in rdns {
            rdnBytes += tlv(0x31, rdn.flatMap { tlv(0x30, tlv(0x06, $0.oid) + tlv($0.tag, $0.value)) })
        }
        return rdnBytes.count < 0x80 ? tlv(0x30, rdnBytes) : [0x30, 0x81, UInt8(rdnBytes.count)] + rdnBytes
    }

    private let commonName: [UInt8] = [0x55, 0x04, 0x03]
    private let organization: [UInt8] = [0x55, 0x04, 0x0A]

    private func key(_ der: [UInt8]) -> UInt64? { der.withUnsafeBufferPointer { SubjectKey.of(name: $0) } }

    @Test func namesOpenSSLCallsEqualShareAKey() {
        let printable = name([[(organization, 0x13, Array("Example Trust".utf8))], [(commonName, 0x13, Array("Root CA 1".utf8))]])
        let utf8Spaced = name([[(organization, 0x0C, Array("  example   TRUST ".utf8))], [(commonName, 0x0C, Array("ROOT ca 1".utf8))]])
        let bmp = name([[(organization, 0x1E, "Example Trust".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })],
                        [(commonName, 0x1E, "root CA 1".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })]])
        #expect(key(printable) != nil)
        #expect(key(printable) == key(utf8Spaced))
        #expect(key(printable) == key(bmp))
    }

    @Test func attributeOrderInsideAnRDNDoesNotMatterButRDNOrderDoes() {
        let a = (oid: organization, tag: UInt8(0x0C), value: Array("Org".utf8))
        let b = (oid: commonName, tag: UInt8(0x0C), value: Array("CA".utf8))
        #expect(key(name([[a, b]])) == key(name([[b, a]])))
        #expect(key(name([[a], [b]])) != key(name([[b], [a]])))
    }

    @Test func differentNamesGetDifferentKeys() {
        #expect(key(name([[(commonName, 0x0C, Array("Root CA 1".utf8))]])) != key(name([[(commonName, 0x0C, Array("Root CA 2".utf8))]])))
        #expect(key(name([[(commonName, 0x0C, Array("Root".utf8))]])) != key(name([[(organization, 0x0C, Array("Root".utf8))]])))
    }

    @Test func malformedDERIsNotAName() {
        #expect(key([]) == nil)
        #expect(key([0x30, 0x05, 0x31, 0x03]) == nil)  // runs past the end
        #expect(key([0x04, 0x00]) == nil)  // not a SEQUENCE
        #expect(key([0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]) == nil)
    }

    @Test func theSubjectIsFoundInACertificatePrefix() {
        let subject = name([[(commonName, 0x0C, Array("Leaf".utf8))]])
        let issuer = name([[(commonName, 0x0C, Array("Issuer".utf8))]])
        let tbsFields: [UInt8] = [0xA0, 0x03, 0x02, 0x01, 0x02] + [0x02, 0x01, 0x07] + [0x30, 0x00] + issuer + [0x30, 0x00] + subject
        // The certificate claims more bytes than are here, as a decoded prefix does.
        let certificate: [UInt8] = [0x30, 0x82, 0x04, 0x00, 0x30, 0x82, 0x03, 0x00] + tbsFields
        #expect(certificate.withUnsafeBufferPointer { SubjectKey.ofSubject(certificate: $0) } == key(subject))
        // Cut inside the subject: not found, so the index decodes more.
        let cut = Array(certificate.dropLast(2))
        #expect(cut.withUnsafeBufferPointer { SubjectKey.ofSubject(certificate: $0) } == nil)
    }

    @Test func pemBlocksAreCertificatesOnly() {
        let text = """
            # comment\r
            -----BEGIN X509 CRL-----\r
            AAAA\r
            -----END X509 CRL-----\r
            -----BEGIN CERTIFICATE-----\r
            QUJD\r
            -----END CERTIFICATE-----\r
            -----BEGIN TRUSTED CERTIFICATE-----
            REVG
            -----END TRUSTED CERTIFICATE-----
            -----BEGIN CERTIFICATE-----
            unterminated
            """
        let bytes = Array(text.utf8)
        let blocks = bytes.withUnsafeBufferPointer { buffer in
            PEMBlocks(buffer).map { (String(decoding: bytes[$0.body], as: UTF8.self), String(decoding: bytes[$0.whole], as: UTF8.self)) }
        }
        #expect(blocks.map { $0.0.filter { !$0.isWhitespace } } == ["QUJD", "REVG"])
        #expect(blocks.first?.1.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
        #expect(blocks.first?.1.hasSuffix("-----END CERTIFICATE-----\r\n") == true)
    }
}
