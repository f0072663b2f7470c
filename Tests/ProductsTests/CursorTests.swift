import Codec
import DynamoDB
import Testing
@testable import Products

@Suite struct CursorTests {
    let codec = CursorCodec(secret: "test-secret", tableName: "products")
    let scanKey: Item = ["productId": .s("3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b")]
    let categoryKey: Item = [
        "productId": .s("3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b"), "category": .s("lighting"),
        "createdAt": .s("2026-11-23T11:16:45.123Z"),
    ]

    @Test func roundTrips() throws {
        let cursor = codec.encode(scanKey, for: .all)
        #expect(try codec.decode(cursor, for: .all) == scanKey)
        let categoryCursor = codec.encode(categoryKey, for: .category("lighting"))
        #expect(try codec.decode(categoryCursor, for: .category("lighting")) == categoryKey)
        // URL-safe: travels in a query string without escaping.
        #expect(categoryCursor.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test func refusesEveryAlteredByte() throws {
        let cursor = codec.encode(categoryKey, for: .category("lighting"))
        var bytes = try #require(Base64.decode(cursor))
        for index in bytes.indices {
            bytes[index] ^= 0x01
            #expect(throws: ProductsError.invalidCursor) {
                try codec.decode(Base64.encode(bytes, urlSafe: true), for: .category("lighting"))
            }
            bytes[index] ^= 0x01
        }
    }

    @Test func refusesTruncatedAndMalformedCursors() {
        let cursor = codec.encode(scanKey, for: .all)
        for bad in [String(cursor.dropLast(4)), String(cursor.dropFirst(4)), "", "!!!!", "abc", String(repeating: "A", count: 5000)] {
            #expect(throws: ProductsError.invalidCursor) { try codec.decode(bad, for: .all) }
        }
    }

    @Test func isBoundToItsListing() {
        let categoryCursor = codec.encode(categoryKey, for: .category("lighting"))
        #expect(throws: ProductsError.invalidCursor) { try codec.decode(categoryCursor, for: .category("garden")) }
        #expect(throws: ProductsError.invalidCursor) { try codec.decode(categoryCursor, for: .all) }
        let scanCursor = codec.encode(scanKey, for: .all)
        #expect(throws: ProductsError.invalidCursor) { try codec.decode(scanCursor, for: .category("lighting")) }
    }

    @Test func refusesCursorsSignedWithAnotherKey() throws {
        let other = CursorCodec(secret: "another-secret", tableName: "products")
        #expect(throws: ProductsError.invalidCursor) { try codec.decode(other.encode(scanKey, for: .all), for: .all) }
        // Without a secret the key derives from the table name, so tables do not share cursors either.
        let derived = CursorCodec(secret: nil, tableName: "products")
        let otherTable = CursorCodec(secret: "", tableName: "other")
        #expect(throws: ProductsError.invalidCursor) { try derived.decode(otherTable.encode(scanKey, for: .all), for: .all) }
        #expect(try derived.decode(derived.encode(scanKey, for: .all), for: .all) == scanKey)
    }

    @Test func refusesAuthenticKeysOfTheWrongShape() {
        // Correctly tagged (as by someone who knows the secret) but not a key this listing produces.
        let shapes: [Item] = [
            ["productId": .n("1")],
            ["productId": .s("a"), "extra": .s("b")],
            [:],
            ["category": .s("lighting"), "createdAt": .s("x")],
        ]
        for key in shapes {
            #expect(throws: ProductsError.invalidCursor) { try codec.decode(codec.encode(key, for: .all), for: .all) }
        }
        var otherCategory = categoryKey
        otherCategory["category"] = .s("garden")
        #expect(throws: ProductsError.invalidCursor) {
            try codec.decode(codec.encode(otherCategory, for: .category("lighting")), for: .category("lighting"))
        }
    }
}
