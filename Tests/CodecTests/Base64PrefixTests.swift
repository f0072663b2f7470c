import Codec
import Testing

@Suite struct Base64PrefixTests {
    private func decode(_ text: String, limit: Int = .max) -> [UInt8]? {
        Array(text.utf8).withUnsafeBufferPointer { Base64.decodePrefix($0, limit: limit) }
    }

    @Test func decodesPEMLinesUpToTheLimit() {
        let body = "SGVsbG8s\r\nIHdv\ncmxk IQ==\n"
        #expect(decode(body) == Array("Hello, world!".utf8))
        #expect(decode(body, limit: 5) == Array("Hello".utf8))
        #expect(decode(body, limit: 7) == Array("Hello, ".utf8))
        #expect(decode("") == [])
    }

    @Test func stopsAtPaddingAndRefusesOtherBytes() {
        #expect(decode("QQ==QUJD") == Array("A".utf8))
        #expect(decode("QU*J") == nil)
    }
}
