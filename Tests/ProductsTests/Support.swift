import Codec
import Testing
import HTTPEvents
@testable import Products

/// Parses a JSON object literal written as text, so tests read like the requests clients send.
func object(_ text: String) throws -> JSONObject {
    try #require(try JSON.parse(text).objectValue)
}

func request(
    _ method: String = "POST", body: String? = nil, headers: [(String, String)] = [("Content-Type", "application/json")],
    query: [(name: String, value: String)] = []
) -> HTTPRequest {
    HTTPRequest(
        method: method, path: "/products", query: query, headers: HTTPHeaders(headers), body: Array((body ?? "").utf8))
}

let sampleFields = ProductFields(
    name: "Desk lamp", description: "Warm light", price: ExactDecimal("19.99")!, category: "lighting", inventoryCount: 7,
    tags: ["desk", "led"])

let sampleProduct = Product(
    id: "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b", fields: sampleFields, createdAt: "2026-11-23T11:16:45.123Z",
    updatedAt: "2026-11-23T11:20:00.000Z", version: 3)
