import Codec
import DynamoDB
import Products

extension FuzzTargets {
    /// One process-wide codec, as the bootstrap has; libFuzzer runs one input at a time.
    nonisolated(unsafe) static let cursors = CursorCodec(secret: "fuzz-cursor-secret", tableName: "products")

    /// Cursor decoding: any text is refused (`InvalidCursor`) or is a key this listing could have produced; and
    /// a key made from the input encodes to a cursor that decodes to the same key, in its own listing only.
    public static func cursor(_ input: UnsafeRawBufferPointer) {
        let text = String(decoding: input, as: UTF8.self)
        for listing in [Listing.all, .category("lighting")] {
            if let key = try? cursors.decode(text, for: listing) {
                FuzzCheck.require(!key.isEmpty, "an empty key passed")
            }
        }
        guard !text.isEmpty else { return }
        let key: Item = ["productId": .s(text), "category": .s(text), "createdAt": .s(text)]
        let listing = Listing.category(text)
        let cursor = cursors.encode(key, for: listing)
        FuzzCheck.require((try? cursors.decode(cursor, for: listing)) == key, "a cursor does not decode to its key")
        FuzzCheck.require((try? cursors.decode(cursor, for: .all)) == nil, "a category cursor passed in the scan")
    }
}
