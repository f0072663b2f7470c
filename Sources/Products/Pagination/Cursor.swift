import Codec
import DynamoDB

/// The opaque `nextCursor`: base64url of the LastEvaluatedKey (DynamoDB wire JSON) followed by a 32-byte
/// HMAC-SHA256 tag over the listing and the key. A cursor that was altered, cut short or made for another
/// listing fails the tag check and is refused as `InvalidCursor`; a key that passes is still checked for
/// exactly the expected attributes before it reaches DynamoDB.
public struct CursorCodec {
    /// Longer than any key this table can produce; anything beyond is refused before decoding.
    public static let maximumLength = 4096
    private static let tagLength = 32
    private static let domain = Array("products-cursor-v1\n".utf8)

    private let mac: HMACKey

    /// `secret` is `CURSOR_SECRET` when set; otherwise the key is derived from the table name, which keeps
    /// cursors tamper-evident against accidents but lets anyone who knows the table name forge one.
    public init(secret: String?, tableName: String) {
        let hasher = SHA256Hasher()
        let key = secret.flatMap { $0.isEmpty ? nil : Array($0.utf8) } ?? hasher.hash("products-cursor-key:\(tableName)")
        mac = HMACKey(key, hasher: hasher)
    }

    public func encode(_ lastEvaluatedKey: Item, for listing: Listing) -> String {
        let payload = AttributeValue.json(item: lastEvaluatedKey).serialized()
        return Base64.encode(payload + tag(payload, listing), urlSafe: true)
    }

    public func decode(_ cursor: String, for listing: Listing) throws(ProductsError) -> Item {
        guard cursor.utf8.count <= Self.maximumLength, let bytes = Base64.decode(cursor), bytes.count > Self.tagLength
        else { throw .invalidCursor }
        let payload = Array(bytes.dropLast(Self.tagLength))
        guard Self.constantTimeEqual(Array(bytes.suffix(Self.tagLength)), tag(payload, listing)) else {
            throw .invalidCursor
        }
        let key: Item
        do { key = try AttributeValue.item(json: try JSON.parse(payload)) } catch { throw .invalidCursor }
        guard listing.accepts(key) else { throw .invalidCursor }
        return key
    }

    private func tag(_ payload: [UInt8], _ listing: Listing) -> [UInt8] {
        var message = Self.domain
        message += Array(listing.binding.utf8)
        message.append(0)
        message += payload
        return mac.authenticate(message)
    }

    /// Compares without an early exit, so the time taken says nothing about where a forged tag differs.
    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
