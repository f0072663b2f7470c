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

/// `ASCII.split` cuts exactly where `String.split` on the same `Character` does, whatever the text.
@Suite struct ASCIISplitTests {
    @Test(arguments: [
        "", "/", "//", "/a/b/", "a/b", "/Prod/products/5b2c0f7e", "/a//b", "/%2F/x", "/caf\u{E9}/x",
        "/e\u{301}/x", "/\u{301}/x", "a\r\n/b", "/\r\n", "/日本/語/",
    ])
    func matchesCharacterSplit(_ text: String) {
        for omitting in [true, false] {
            let bytes = ASCII.split(text, separator: UInt8(ascii: "/"), omittingEmptySubsequences: omitting)
            let characters = text.split(separator: "/", omittingEmptySubsequences: omitting)
            #expect(bytes == characters, "\(Array(text.utf8)) omitting \(omitting)")
        }
    }

    @Test func lineBreakSeparatorsKeepCRLFWhole() {
        #expect(ASCII.split("a\r\nb\nc", separator: 0x0A) == "a\r\nb\nc".split(separator: "\n"))
        #expect(ASCII.split("a\r\nb\rc", separator: 0x0D) == "a\r\nb\rc".split(separator: "\r"))
    }
}
