import Codec
import HTTPTransport
import Testing

@testable import DynamoDB

/// Passes every request to the real transport after changing one character of the signature.
final class TamperingTransport: DynamoDBTransport {
    let inner: HTTPClient

    init() throws { inner = try HTTPClient() }

    func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        var request = request
        if let index = request.headers.firstIndex(where: { $0.name == "Authorization" }) {
            var value = request.headers[index].value
            let last = value.removeLast()
            value.append(last == "0" ? "1" : "0")
            request.headers[index].value = value
        }
        return try inner.send(request)
    }
}

/// End to end against moto's DynamoDB with IAM auth on.
struct MotoIntegrationTests {
    let peer: MotoPeer

    init() throws { peer = try MotoPeer.plain.get() }

    func key(_ pk: String, _ sk: String) -> Item { ["pk": .s(pk), "sk": .s(sk)] }

    func isAuthFailure(_ error: any Error) -> Bool {
        if case .authentication = error as? DynamoDBError { return true }
        return false
    }

    @Test func authenticationIsEnforcedAndTyped() throws {
        let good = try peer.client()
        let table = try peer.createTable(good)
        #expect(try good.describeTable(DescribeTableInput(tableName: table)).table.tableName == table)

        let sessionClient = try peer.client(credentials: peer.session)
        #expect(try sessionClient.getItem(GetItemInput(tableName: table, key: key("a", "b"))).item == nil)

        var wrongSecret = peer.user
        wrongSecret.secretAccessKey += "x"
        #expect(performing: { try peer.client(credentials: wrongSecret).describeTable(DescribeTableInput(tableName: table)) },
            throws: isAuthFailure)

        var wrongToken = peer.session
        wrongToken.sessionToken = String(wrongToken.sessionToken!.dropLast()) + "A"
        #expect(performing: { try peer.client(credentials: wrongToken).describeTable(DescribeTableInput(tableName: table)) },
            throws: isAuthFailure)

        let tampered = DynamoDBClient(configuration: try peer.configuration(), transport: try TamperingTransport())
        #expect(performing: { try tampered.describeTable(DescribeTableInput(tableName: table)) }, throws: isAuthFailure)
    }

    @Test func describeTableAndMissingTable() throws {
        let client = try peer.client()
        let table = try peer.createTable(client)
        let description = try client.describeTable(DescribeTableInput(tableName: table)).table
        #expect(description.keySchema == [KeySchemaElement(attributeName: "pk", keyType: "HASH"), KeySchemaElement(attributeName: "sk", keyType: "RANGE")])
        #expect(description.attributeDefinitions == ["pk": "S", "sk": "S"])
        #expect(description.tableStatus == "ACTIVE")
        #expect(performing: { try client.getItem(GetItemInput(tableName: "no-such-table", key: key("a", "b"))) }, throws: { error in
            if case .resourceNotFound = error as? DynamoDBError { return true }
            return false
        })
    }

    @Test func everyAttributeTypeAndExactNumbersRoundTrip() throws {
        let client = try peer.client()
        let table = try peer.createTable(client)
        var item = AttributeValueTests.everyType
        item["pk"] = .s("types")
        item["sk"] = .s("1")
        item["price"] = .n("12345678901234567890.123456789012345678")
        try client.putItem(PutItemInput(tableName: table, item: item))
        let read = try #require(try client.getItem(GetItemInput(tableName: table, key: key("types", "1"), consistentRead: true)).item)
        #expect(read["price"] == .n("12345678901234567890.123456789012345678"))
        #expect(read["n"] == .n("12345678901234567890123456789012345678"))
        #expect(read["s"] == item["s"])
        #expect(read["b"] == item["b"])
        #expect(read["m"] == item["m"])
        #expect(read["l"] == item["l"])
        #expect(read["nothing"] == .null)
        #expect(read["yes"] == .bool(true))
        // Sets come back in no particular order.
        #expect(Set(read["ss"]?.stringSetValue ?? []) == ["a", "b"])
        #expect(Set(read["ns"]?.numberSetValue ?? []) == ["1", "99999999999999999999999999999999999999"])
        guard case .bs(let bytes) = read["bs"] else { Issue.record("bs missing"); return }
        #expect(Set(bytes) == [[1], [2, 3]])
        // Projection with a reserved word through ExpressionAttributeNames.
        let projected = try client.getItem(GetItemInput(
            tableName: table, key: key("types", "1"), projectionExpression: "#n, price", expressionAttributeNames: ["#n": "n"]))
        #expect(projected.item == ["n": item["n"]!, "price": item["price"]!])
    }

    @Test func conditionsAndReturnValues() throws {
        let client = try peer.client()
        let table = try peer.createTable(client)
        let original: Item = ["pk": .s("p"), "sk": .s("1"), "stock": .n("5"), "name": .s("Widget")]
        try client.putItem(PutItemInput(tableName: table, item: original, conditionExpression: "attribute_not_exists(pk)"))

        // The same conditional put again fails, and hands back the item as it is.
        var replacement = original
        replacement["name"] = .s("Other")
        #expect(throws: DynamoDBError.conditionalCheckFailed(item: original)) {
            try client.putItem(PutItemInput(tableName: table, item: replacement, conditionExpression: "attribute_not_exists(pk)",
                returnValuesOnConditionCheckFailure: .allOld))
        }
        #expect(throws: DynamoDBError.conditionalCheckFailed(item: nil)) {
            try client.putItem(PutItemInput(tableName: table, item: replacement, conditionExpression: "attribute_not_exists(pk)"))
        }

        let updated = try client.updateItem(UpdateItemInput(
            tableName: table, key: key("p", "1"), updateExpression: "SET stock = stock - :n, #name = :name",
            conditionExpression: "stock >= :n", expressionAttributeNames: ["#name": "name"],
            expressionAttributeValues: [":n": .n("2"), ":name": .s("Gadget")], returnValues: .allNew))
        #expect(updated.attributes == ["pk": .s("p"), "sk": .s("1"), "stock": .n("3"), "name": .s("Gadget")])

        let old = try client.updateItem(UpdateItemInput(
            tableName: table, key: key("p", "1"), updateExpression: "SET stock = :s", expressionAttributeValues: [":s": .n("10")],
            returnValues: .updatedOld))
        #expect(old.attributes == ["stock": .n("3")])

        #expect(throws: DynamoDBError.self) {
            try client.updateItem(UpdateItemInput(
                tableName: table, key: key("p", "1"), updateExpression: "SET stock = stock - :n", conditionExpression: "stock >= :n",
                expressionAttributeValues: [":n": .n("100")]))
        }

        let deleted = try client.deleteItem(DeleteItemInput(tableName: table, key: key("p", "1"), returnValues: .allOld))
        #expect(deleted.attributes?["stock"] == .n("10"))
        #expect(try client.getItem(GetItemInput(tableName: table, key: key("p", "1"))).item == nil)
    }

    @Test func queryAndScanPageThroughEverything() throws {
        let client = try peer.client()
        let table = try peer.createTable(client)
        for index in 0..<7 {
            try client.putItem(PutItemInput(tableName: table, item: ["pk": .s("cat"), "sk": .s("item\(index)"), "n": .number(index)]))
        }
        try client.putItem(PutItemInput(tableName: table, item: ["pk": .s("other"), "sk": .s("x"), "n": .number(100)]))

        var keys: [String] = []
        var start: Item? = nil
        var pages = 0
        repeat {
            let page = try client.query(QueryInput(
                tableName: table, keyConditionExpression: "pk = :pk", expressionAttributeValues: [":pk": .s("cat")], limit: 3,
                exclusiveStartKey: start, consistentRead: true, scanIndexForward: false))
            #expect(page.count == page.items.count && page.count <= 3)
            keys += page.items.compactMap { $0["sk"]?.stringValue }
            start = page.lastEvaluatedKey
            pages += 1
        } while start != nil && pages < 10
        #expect(keys == (0..<7).reversed().map { "item\($0)" })
        #expect(pages >= 3)

        var scanned: [Item] = []
        var scannedCount = 0
        start = nil
        pages = 0
        repeat {
            let page = try client.scan(ScanInput(
                tableName: table, filterExpression: "n >= :min", expressionAttributeValues: [":min": .n("3")], limit: 2,
                exclusiveStartKey: start))
            scanned += page.items
            scannedCount += page.scannedCount
            start = page.lastEvaluatedKey
            pages += 1
        } while start != nil && pages < 20
        #expect(Set(scanned.compactMap { $0["n"]?.intValue }) == [3, 4, 5, 6, 100])
        #expect(scannedCount == 8)
        #expect(pages >= 4)

        let counted = try client.query(QueryInput(
            tableName: table, keyConditionExpression: "pk = :pk", expressionAttributeValues: [":pk": .s("cat")], select: .count))
        #expect(counted.count == 7)
        #expect(counted.items.isEmpty)
    }

    @Test func transactionsCommitOrCancelWithReasons() throws {
        let client = try peer.client()
        let table = try peer.createTable(client)
        try client.transactWriteItems(TransactWriteItemsInput(transactItems: [
            .put(PutItemInput(tableName: table, item: ["pk": .s("o"), "sk": .s("1"), "qty": .n("1")], conditionExpression: "attribute_not_exists(pk)")),
            .put(PutItemInput(tableName: table, item: ["pk": .s("o"), "sk": .s("2"), "qty": .n("2")])),
        ]))
        #expect(try client.getItem(GetItemInput(tableName: table, key: key("o", "2"))).item?["qty"] == .n("2"))

        #expect(performing: {
            try client.transactWriteItems(TransactWriteItemsInput(transactItems: [
                .update(UpdateItemInput(tableName: table, key: key("o", "2"), updateExpression: "SET qty = :q", expressionAttributeValues: [":q": .n("9")])),
                .conditionCheck(TransactConditionCheck(tableName: table, key: key("o", "1"), conditionExpression: "qty > :min",
                    expressionAttributeValues: [":min": .n("5")], returnValuesOnConditionCheckFailure: .allOld)),
                .delete(DeleteItemInput(tableName: table, key: key("o", "3"))),
            ]))
        }, throws: { error in
            guard case .transactionCanceled(let reasons) = error as? DynamoDBError, reasons.count == 3 else { return false }
            return reasons[0].code == "None" && reasons[1].code == "ConditionalCheckFailed"
                && reasons[1].item == ["pk": .s("o"), "sk": .s("1"), "qty": .n("1")] && reasons[2].code == "None"
        })
        // Nothing was applied.
        #expect(try client.getItem(GetItemInput(tableName: table, key: key("o", "2"))).item?["qty"] == .n("2"))
    }

    @Test func batchWriteAndGet() throws {
        let client = try peer.client()
        let table = try peer.createTable(client)
        let writes = (0..<10).map { WriteRequest.put(item: ["pk": .s("b"), "sk": .s("\($0)"), "v": .number($0)]) }
        let written = try client.batchWriteItem(BatchWriteItemInput(requestItems: [table: writes]))
        #expect(written.unprocessedItems.isEmpty)
        _ = try client.batchWriteItem(BatchWriteItemInput(requestItems: [table: [.delete(key: key("b", "9"))]]))

        let got = try client.batchGetItem(BatchGetItemInput(requestItems: [
            table: KeysAndAttributes(keys: [key("b", "0"), key("b", "5"), key("b", "9")], projectionExpression: "sk, v", consistentRead: true),
        ]))
        #expect(got.unprocessedKeys.isEmpty)
        let values = Set((got.responses[table] ?? []).compactMap { $0["v"]?.intValue })
        #expect(values == [0, 5])
    }
}
