import Codec
import DynamoDB
import HTTPTransport
import Testing
@testable import Products

/// Answers DynamoDB calls from a script and keeps what was sent, so the store's requests can be read.
final class ScriptedDynamoDB: DynamoDBTransport {
    var answers: [(status: Int, body: String)]
    /// When set, answers every call from what was sent (the call's index and body) instead of `answers`.
    private let respond: ((Int, JSON) -> (status: Int, body: String))?
    private(set) var requests: [(target: String, body: JSON)] = []

    init(_ answers: [(status: Int, body: String)]) {
        self.answers = answers
        respond = nil
    }

    init(respond: @escaping (Int, JSON) -> (status: Int, body: String)) {
        answers = []
        self.respond = respond
    }

    func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        let target = request.headers.first { $0.name.lowercased() == "x-amz-target" }?.value ?? ""
        let body = (try? JSON.parse(request.body)) ?? .null
        requests.append((String(target.split(separator: ".").last ?? ""), body))
        let answer = respond?(requests.count - 1, body) ?? (answers.isEmpty ? (status: 500, body: "{}") : answers.removeFirst())
        return HTTPClientResponse(
            status: answer.status, headers: [("Content-Type", "application/x-amz-json-1.0")], body: Array(answer.body.utf8),
            reusedConnection: true)
    }
}

func makeStore(_ transport: ScriptedDynamoDB) throws -> ProductStore {
    let configuration = DynamoDBConfiguration(
        region: "us-east-1", credentials: Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
        endpoint: try Endpoint("http://127.0.0.1:9"))
    let environment = ResilienceEnvironment(now: { 1_800_000_000_000 }, sleep: { _ in }, random: { _ in 0 })
    let client = DynamoDBClient(configuration: configuration, transport: transport, environment: environment)
    return ProductStore(client: client, tableName: "products")
}

func itemJSON(_ item: Item) -> String { AttributeValue.json(item: item).text }

let farDeadline: Int64 = 1_900_000_000_000

@Suite struct ProductStoreTests {
    @Test func updatesThroughPlaceholdersOnly() throws {
        var updated = sampleProduct
        updated.version = 4
        let transport = ScriptedDynamoDB([(200, #"{"Attributes":\#(itemJSON(updated.item))}"#)])
        var patch = ProductPatch()
        patch.name = "#name = :x REMOVE price"  // hostile text stays a value
        patch.description = .remove
        let product = try makeStore(transport).update(
            id: sampleProduct.id, applying: patch, expectedVersion: 3, updatedAt: "2026-11-23T12:00:00.000Z", updatedBy: "client-7",
            deadline: farDeadline)
        #expect(product == updated)
        let request = try #require(transport.requests.first)
        #expect(request.target == "UpdateItem")
        #expect(request.body["UpdateExpression"]
            == "SET #name = :name, #updatedAt = :updatedAt, #updatedBy = :updatedBy, #version = :version, #writeId = :writeId REMOVE #description")
        #expect(request.body["ExpressionAttributeValues"]?[":updatedBy"] == ["S": "client-7"])
        #expect(request.body["ConditionExpression"] == "attribute_exists(#productId) AND #version = :expectedVersion")
        #expect(request.body["ExpressionAttributeValues"]?[":name"] == ["S": "#name = :x REMOVE price"])
        #expect(request.body["ExpressionAttributeValues"]?[":expectedVersion"] == ["N": "3"])
        #expect(request.body["ExpressionAttributeValues"]?[":version"] == ["N": "4"])
        #expect(request.body["ReturnValues"] == "ALL_NEW")
        #expect(request.body["ReturnValuesOnConditionCheckFailure"] == "ALL_OLD")
    }

    @Test func aFailedConditionIsAConflictOrNotFound() throws {
        let conflict = #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"failed","Item":\#(itemJSON(sampleProduct.item))}"#
        let missing = #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"failed"}"#
        let transport = ScriptedDynamoDB([(400, conflict), (400, missing), (400, conflict), (400, missing)])
        let store = try makeStore(transport)
        var patch = ProductPatch()
        patch.price = ExactDecimal("1")
        #expect(throws: ProductsError.versionConflict(currentVersion: 3)) {
            try store.update(id: sampleProduct.id, applying: patch, expectedVersion: 2, updatedAt: "t", deadline: farDeadline)
        }
        #expect(throws: ProductsError.notFound(id: sampleProduct.id)) {
            try store.update(id: sampleProduct.id, applying: patch, expectedVersion: 2, updatedAt: "t", deadline: farDeadline)
        }
        #expect(throws: ProductsError.versionConflict(currentVersion: 3)) {
            try store.delete(id: sampleProduct.id, expectedVersion: 1, deadline: farDeadline)
        }
        #expect(throws: ProductsError.notFound(id: sampleProduct.id)) {
            try store.delete(id: sampleProduct.id, expectedVersion: nil, deadline: farDeadline)
        }
        #expect(transport.requests[3].body["ConditionExpression"] == "attribute_exists(#productId)")
    }

    @Test func aRecordedKeyReturnsTheFirstRecord() throws {
        let first = IdempotencyRecord(recordID: "idempotency#aa", requestHash: "h", product: sampleProduct, expiresAt: 1_800_086_400)
        let cancelled = #"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","message":"cancelled","CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Item":\#(itemJSON(first.item))}]}"#
        let transport = ScriptedDynamoDB([(400, cancelled)])
        var retry = first
        retry.product.id = ProductID.generate()
        let outcome = try makeStore(transport).create(retry.product, recording: retry, nowSeconds: 1_800_000_000, deadline: farDeadline)
        #expect(outcome == .alreadyRecorded(first))
        let actions = try #require(transport.requests.first?.body["TransactItems"]?.arrayValue)
        #expect(actions.count == 2)
        #expect(actions[0]["Put"]?["ConditionExpression"] == "attribute_not_exists(#productId)")
        #expect(actions[1]["Put"]?["ConditionExpression"] == "attribute_not_exists(#productId) OR #expiresAt < :now")
        #expect(actions[1]["Put"]?["ReturnValuesOnConditionCheckFailure"] == "ALL_OLD")
    }

    @Test func theScanSkipsRecordsAndKeepsReadingUntilThePageIsFull() throws {
        var second = sampleProduct
        second.id = ProductID.generate()
        var third = sampleProduct
        third.id = ProductID.generate()
        let key: Item = ["productId": .s("idempotency#ff")]
        let transport = ScriptedDynamoDB([
            (200, #"{"Items":[\#(itemJSON(sampleProduct.item))],"Count":1,"ScannedCount":3,"LastEvaluatedKey":\#(itemJSON(key))}"#),
            (200, #"{"Items":[\#(itemJSON(second.item)),\#(itemJSON(third.item))],"Count":2,"ScannedCount":2}"#),
        ])
        let page = try makeStore(transport).page(of: .all, limit: 3, startingAfter: nil, deadline: farDeadline)
        #expect(page.products.map(\.id) == [sampleProduct.id, second.id, third.id])
        #expect(page.lastEvaluatedKey == nil)
        #expect(transport.requests.map { $0.body["Limit"] } == [.number("3"), .number("2")])
        #expect(transport.requests[1].body["ExclusiveStartKey"] == AttributeValue.json(item: key))
        #expect(transport.requests[0].body["FilterExpression"] == "NOT begins_with(#productId, :recordPrefix)")
        #expect(transport.requests[0].body["ExpressionAttributeValues"]?[":recordPrefix"] == ["S": "idempotency#"])
    }

    @Test func aCategoryIsAQueryOnTheIndexNewestFirst() throws {
        let transport = ScriptedDynamoDB([(200, #"{"Items":[],"Count":0,"ScannedCount":0}"#)])
        _ = try makeStore(transport).page(of: .category("lamps"), limit: 5, startingAfter: nil, deadline: farDeadline)
        let body = try #require(transport.requests.first?.body)
        #expect(body["IndexName"] == "category-index")
        #expect(body["KeyConditionExpression"] == "#category = :category")
        #expect(body["ExpressionAttributeValues"]?[":category"] == ["S": "lamps"])
        #expect(body["ScanIndexForward"] == .bool(false))
        #expect(body["Limit"] == 5)
    }
}

/// A write whose first answer is lost (a 500 after DynamoDB applied it), so the client retries and the retry
/// meets the condition the first attempt already changed.
@Suite struct RetriedWriteTests {
    static let lostAnswer = (status: 500, body: #"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"lost"}"#)
    static func conditionFailed(_ item: Item?) -> (status: Int, body: String) {
        let itemPart = item.map { #","Item":\#(itemJSON($0))"# } ?? ""
        return (400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"failed"\#(itemPart)}"#)
    }

    @Test func anUpdateWhoseFirstAttemptAppliedIsASuccessNotAConflict() throws {
        var applied = sampleProduct
        applied.version = 4
        let transport = ScriptedDynamoDB { index, body in
            guard index > 0, let token = body["ExpressionAttributeValues"]?[":writeId"]?["S"]?.stringValue else { return Self.lostAnswer }
            var item = applied.item
            item[ProductAttributes.writeID] = .s(token)
            return Self.conditionFailed(item)
        }
        var patch = ProductPatch()
        patch.inventoryCount = 7
        let product = try makeStore(transport).update(
            id: sampleProduct.id, applying: patch, expectedVersion: 3, updatedAt: "t", deadline: farDeadline)
        #expect(product == applied)
        #expect(transport.requests.count == 2)
    }

    @Test func anotherWritersTokenIsStillAConflict() throws {
        var other = sampleProduct.item
        other[ProductAttributes.writeID] = .s("someone-else")
        let transport = ScriptedDynamoDB { index, _ in index == 0 ? Self.lostAnswer : Self.conditionFailed(other) }
        var patch = ProductPatch()
        patch.inventoryCount = 7
        #expect(throws: ProductsError.versionConflict(currentVersion: 3)) {
            try makeStore(transport).update(id: sampleProduct.id, applying: patch, expectedVersion: 2, updatedAt: "t", deadline: farDeadline)
        }
    }

    @Test func aCreateWhoseFirstAttemptAppliedIsASuccess() throws {
        let transport = ScriptedDynamoDB { index, body in
            guard index > 0, let item = try? AttributeValue.item(json: body["Item"] ?? .null) else { return Self.lostAnswer }
            return Self.conditionFailed(item)
        }
        try makeStore(transport).create(sampleProduct, deadline: farDeadline)
        #expect(transport.requests.count == 2)
        #expect(transport.requests[0].body["Item"]?[ProductAttributes.writeID] != nil)
        #expect(transport.requests[0].body["ReturnValuesOnConditionCheckFailure"] == "ALL_OLD")
    }

    @Test func aCreateMeetingAnotherItemIsAStorageError() throws {
        let transport = ScriptedDynamoDB { _, _ in Self.conditionFailed(sampleProduct.item) }
        #expect(throws: ProductsError.self) { try makeStore(transport).create(sampleProduct, deadline: farDeadline) }
    }

    @Test func aDeleteWhoseFirstAttemptAppliedIsASuccess() throws {
        let transport = ScriptedDynamoDB { index, _ in index == 0 ? Self.lostAnswer : Self.conditionFailed(nil) }
        try makeStore(transport).delete(id: sampleProduct.id, expectedVersion: nil, deadline: farDeadline)
        #expect(transport.requests.count == 2)
    }
}
