import Foundation
import HTTPTransport

/// What the peer's `/echo` path saw of a request.
struct Echo {
    let method: String
    let path: String
    let headers: [(name: String, value: String)]
    let body: String

    init(_ response: HTTPClientResponse) throws {
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        method = object["method"] as? String ?? ""
        path = object["path"] as? String ?? ""
        headers = (object["headers"] as? [[String]] ?? []).map { (name: $0[0], value: $0[1]) }
        body = object["body"] as? String ?? ""
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
