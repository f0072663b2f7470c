import DynamoDB
import HTTPRouter

/// A note as stored (`noteId`, `text`, `createdAt`) and as served (`id`, `text`, `createdAt`).
struct Note {
    static let maximumTextLength = 1000

    let id: String
    let text: String
    let createdAt: String

    init(id: String, text: String, createdAt: String) {
        (self.id, self.text, self.createdAt) = (id, text, createdAt)
    }

    /// `nil` for an item this function did not write.
    init?(_ item: Item) {
        guard let id = item["noteId"]?.stringValue, let text = item["text"]?.stringValue,
            let createdAt = item["createdAt"]?.stringValue
        else { return nil }
        self.init(id: id, text: text, createdAt: createdAt)
    }

    var item: Item { ["noteId": .s(id), "text": .s(text), "createdAt": .s(createdAt)] }
    var json: JSON { ["id": .string(id), "text": .string(text), "createdAt": .string(createdAt)] }

    static func key(_ id: String) -> Item { ["noteId": .s(id)] }

    /// 128 random bits as 32 lowercase hex digits.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Checked before any DynamoDB call, so a bad id is a 400 and never reaches the table.
    static func id(_ text: String?) throws(HTTPError) -> String {
        guard let text, text.utf8.count == 32, text.utf8.allSatisfy({ Hex.value(of: $0) != nil && !(65...70).contains($0) }) else {
            throw .badRequest("A note id is 32 lowercase hexadecimal digits.", code: "InvalidId")
        }
        return text
    }

    /// The request body `{"text": "..."}`: a non-empty string of at most `maximumTextLength` characters.
    static func text(fromBody body: [UInt8]) throws(HTTPError) -> String {
        let json: JSON
        do { json = try JSON.parse(body) } catch { throw .badRequest("The body is not valid JSON.") }
        guard json.objectValue != nil else { throw .unprocessable("The body must be a JSON object.") }
        guard let text = json["text"]?.stringValue else { throw .unprocessable("`text` is required and must be a string.") }
        guard !text.isEmpty, text.count <= maximumTextLength else {
            throw .unprocessable("`text` must have 1 to \(maximumTextLength) characters.")
        }
        return text
    }

    /// `?limit=` from 1 to 100; 20 without one.
    static func limit(_ text: String?) throws(HTTPError) -> Int {
        guard let text else { return 20 }
        guard let value = Int(text), (1...100).contains(value) else { throw .badRequest("`limit` must be an integer from 1 to 100.") }
        return value
    }
}
