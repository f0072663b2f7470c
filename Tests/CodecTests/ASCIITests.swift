import Codec
import Testing

@Suite struct ASCIITests {
    @Test func comparesIgnoringASCIICaseOnly() {
        #expect(ASCII.equalsIgnoringCase("Content-Type", "content-TYPE"))
        #expect(ASCII.equalsIgnoringCase("", ""))
        #expect(!ASCII.equalsIgnoringCase("Content-Type", "Content-Typ"))
        #expect(!ASCII.equalsIgnoringCase("a[", "A{"))  // 0x5B and 0x7B differ by 0x20 but are not letters
        #expect(!ASCII.equalsIgnoringCase("@", "`"))
        #expect(ASCII.equalsIgnoringCase("Ünïcode", "üNïCODE") == false)  // only ASCII letters fold
        #expect(ASCII.equalsIgnoringCase("x-é", "X-é"))
    }

    @Test func uppercasesAsSwiftDoes() {
        for text in ["GET", "get", "Patch", "", "dé", "ß", "OPTIONS", "x-1"] {
            #expect(ASCII.uppercased(text) == text.uppercased(), "\(text)")
        }
    }

    @Test func lowersEveryByteAsUnicodeDoesForASCII() {
        for byte in UInt8(0)...UInt8(127) {
            let expected = String(decoding: [byte], as: UTF8.self).lowercased().utf8.first!
            #expect(ASCII.lowered(byte) == expected)
        }
    }
}
