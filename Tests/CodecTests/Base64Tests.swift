import Codec
import Testing

@Suite struct Base64Tests {
    // RFC 4648 section 10 test vectors.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func encodesAndDecodesTheRFCVectors(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func urlSafeAlphabetHasNoPaddingAndRoundTrips() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF, 0x00, 0x10]
        let encoded = Base64.encode(bytes, urlSafe: true)
        #expect(encoded == "-_-_ABA")
        #expect(Base64.decode(encoded) == bytes)
        #expect(Base64.encode(bytes) == "+/+/ABA=")
    }

    @Test func roundTripsEveryByte() {
        let bytes = (0..<256).map { UInt8($0) } + [1, 2]
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }

    @Test(arguments: ["Zg=", "Z", "Zm9v!", "Zg==Zg==", "Zh==", "Zm9=v", "===="])
    func rejectsInvalidInput(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }
}

@Suite struct HexTests {
    @Test func encodesLowercase() {
        #expect(Hex.encode([0x00, 0x0F, 0xAB, 0xFF]) == "000fabff")
        #expect(Hex.value(of: UInt8(ascii: "F")) == 15)
        #expect(Hex.value(of: UInt8(ascii: "g")) == nil)
    }
}
