import Codec
import DynamoDB

/// Every DynamoDB call the products service makes. Failures come back as `ProductsError`: conditions
/// that did not hold as not-found or version conflicts, anything else as `.storage`.
public struct ProductStore {
    public static let categoryIndex = "category-index"
    typealias A = ProductAttributes

    let client: DynamoDBClient
    let tableName: String
    /// The invocation's telemetry for this request's calls (`ProductsService.observed(by:)` sets it).
    var observer: (any DynamoDBCallObserver)?

    public init(client: DynamoDBClient, tableName: String) {
        self.client = client
        self.tableName = tableName
    }

    // MARK: Reads

    public func product(id: String, deadline: Int64) throws(ProductsError) -> Product? {
        guard let item = try getItem(key: id, deadline: deadline) else { return nil }
        return try decode(item)
    }

    /// One page of a listing: up to `limit` products and the key to continue from (`nil` at the end).
    public func page(
        of listing: Listing, limit: Int, startingAfter startKey: Item?, deadline: Int64
    ) throws(ProductsError) -> (products: [Product], lastEvaluatedKey: Item?) {
        switch listing {
        case .category(let category):
            // Idempotency records have no category, so the index never holds them.
            var expression = UpdateExpression()
            let condition = "\(expression.name(A.category)) = \(expression.value(A.category, .s(category)))"
            let input = QueryInput(
                tableName: tableName, keyConditionExpression: condition, indexName: Self.categoryIndex,
                expressionAttributeNames: expression.names, expressionAttributeValues: expression.values, limit: limit,
                exclusiveStartKey: startKey, scanIndexForward: false)
            let page = try call("Query") { () throws(DynamoDBError) in try client.query(input, deadline: deadline, observer: observer) }
            return (try page.items.map(decode), page.lastEvaluatedKey)
        case .all:
            return try scanPage(limit: limit, startKey: startKey, deadline: deadline)
        }
    }

    /// The filter drops idempotency records after DynamoDB counted them against `Limit`, so keep reading
    /// until the page is full or the table ends: a page is never short while more products follow.
    private func scanPage(limit: Int, startKey: Item?, deadline: Int64) throws(ProductsError) -> ([Product], Item?) {
        var expression = UpdateExpression()
        let filter = "NOT begins_with(\(expression.name(A.productId)), \(expression.value("recordPrefix", .s(IdempotencyKey.recordPrefix))))"
        var products: [Product] = []
        var startKey = startKey
        repeat {
            let input = ScanInput(
                tableName: tableName, filterExpression: filter, expressionAttributeNames: expression.names,
                expressionAttributeValues: expression.values, limit: limit - products.count, exclusiveStartKey: startKey)
            let page = try call("Scan") { () throws(DynamoDBError) in try client.scan(input, deadline: deadline, observer: observer) }
            products += try page.items.map(decode)
            startKey = page.lastEvaluatedKey
        } while products.count < limit && startKey != nil
        return (products, startKey)
    }

    // MARK: Writes

    /// A plain create: never overwrites.
    public func create(_ product: Product, deadline: Int64) throws(ProductsError) {
        var expression = UpdateExpression()
        let writeID = ProductID.generate()
        var item = product.item
        item[A.writeID] = .s(writeID)
        let input = PutItemInput(
            tableName: tableName, item: item, conditionExpression: "attribute_not_exists(\(expression.name(A.productId)))",
            expressionAttributeNames: expression.names, returnValuesOnConditionCheckFailure: .allOld)
        do { _ = try client.putItem(input, deadline: deadline, observer: observer) } catch {
            // Our own retry, after the first attempt's answer was lost: the item is there, written by us.
            if case .conditionalCheckFailed(let old) = error, old?[A.writeID] == .s(writeID) { return }
            throw .storage(operation: "PutItem", error)
        }
    }

    public enum IdempotentCreateOutcome: Sendable, Equatable {
        case created
        /// The key was used before (and has not expired): what that first request stored.
        case alreadyRecorded(IdempotencyRecord)
    }

    /// Creates the product and its idempotency record in one transaction, so a retry finds either both
    /// or neither. An expired record that TTL has not removed yet may be replaced.
    public func create(
        _ product: Product, recording record: IdempotencyRecord, nowSeconds: Int64, deadline: Int64
    ) throws(ProductsError) -> IdempotentCreateOutcome {
        var productCondition = UpdateExpression()
        let putProduct = PutItemInput(
            tableName: tableName, item: product.item,
            conditionExpression: "attribute_not_exists(\(productCondition.name(A.productId)))",
            expressionAttributeNames: productCondition.names)
        var recordCondition = UpdateExpression()
        let recordExpression = "attribute_not_exists(\(recordCondition.name(A.productId))) OR "
            + "\(recordCondition.name(A.expiresAt)) < \(recordCondition.value("now", .number(Int(nowSeconds))))"
        let putRecord = PutItemInput(
            tableName: tableName, item: record.item, conditionExpression: recordExpression,
            expressionAttributeNames: recordCondition.names, expressionAttributeValues: recordCondition.values,
            returnValuesOnConditionCheckFailure: .allOld)
        let input = TransactWriteItemsInput(transactItems: [.put(putProduct), .put(putRecord)])
        do {
            _ = try client.transactWriteItems(input, deadline: deadline, observer: observer)
            return .created
        } catch .transactionCanceled(let reasons) where reasons.count == 2 && reasons[1].code != "None" {
            // The record's condition failed (it exists) or lost a race with a concurrent retry: either way the
            // first request's record is what to answer from.
            let stored: Item?
            if let item = reasons[1].item { stored = item } else { stored = try getItem(key: record.recordID, deadline: deadline) }
            guard let stored else {
                throw .storage(operation: "TransactWriteItems", .transactionCanceled(reasons: reasons))
            }
            do { return .alreadyRecorded(try IdempotencyRecord(item: stored)) } catch { throw .corruptItem(error) }
        } catch {
            throw .storage(operation: "TransactWriteItems", error)
        }
    }

    /// Applies `patch` if the stored version is `expectedVersion` (any version when `nil`); returns the product
    /// as it now is.
    public func update(
        id: String, applying patch: ProductPatch, expectedVersion: Int?, updatedAt: String, updatedBy: String? = nil,
        deadline: Int64
    ) throws(ProductsError) -> Product {
        var expression = UpdateExpression()
        if let name = patch.name { expression.set(A.name, .s(name)) }
        switch patch.description {
        case .keep: break
        case .set(let text): expression.set(A.description, .s(text))
        case .remove: expression.remove(A.description)
        }
        if let price = patch.price { expression.set(A.price, .number(price)) }
        if let category = patch.category { expression.set(A.category, .s(category)) }
        if let count = patch.inventoryCount { expression.set(A.inventoryCount, .number(count)) }
        switch patch.tags {
        case .keep: break
        case .set(let tags): expression.set(A.tags, .l(tags.map { .s($0) }))
        case .remove: expression.remove(A.tags)
        }
        expression.set(A.updatedAt, .s(updatedAt))
        // Without a caller (AUTH_MODE=none) the last writer is unknown: no stale name is left behind.
        if let updatedBy { expression.set(A.updatedBy, .s(updatedBy)) } else { expression.remove(A.updatedBy) }
        if let expectedVersion {
            // Validation keeps versions far below Int.max; a caller that skipped it gets a 400, never an overflow trap.
            guard expectedVersion <= FieldRules.maximumVersion else {
                var errors = FieldErrors()
                errors.add(A.version, "must be at most \(FieldRules.maximumVersion)")
                throw .validation(errors)
            }
            expression.set(A.version, .number(expectedVersion + 1))
        } else {
            expression.increment(A.version)
        }
        let writeID = ProductID.generate()
        expression.set(A.writeID, .s(writeID))
        let condition = versionCondition(expectedVersion, &expression)
        let input = UpdateItemInput(
            tableName: tableName, key: key(id), updateExpression: expression.text, conditionExpression: condition,
            expressionAttributeNames: expression.names, expressionAttributeValues: expression.values,
            returnValues: .allNew, returnValuesOnConditionCheckFailure: .allOld)
        let output: UpdateItemOutput
        do { output = try client.updateItem(input, deadline: deadline, observer: observer) } catch {
            // Our own retry, after the first attempt's answer was lost: the version moved on because we moved
            // it, and the old image in the failure is the product as our first attempt left it.
            if case .conditionalCheckFailed(let current?) = error, current[A.writeID] == .s(writeID) { return try decode(current) }
            throw conditionFailure(error, id: id, operation: "UpdateItem")
        }
        guard let item = output.attributes else {
            throw .storage(operation: "UpdateItem", .invalidResponse(status: 200, detail: "no attributes returned"))
        }
        return try decode(item)
    }

    /// Deletes the product if it exists (and has `expectedVersion`, when given).
    public func delete(id: String, expectedVersion: Int?, deadline: Int64) throws(ProductsError) {
        var expression = UpdateExpression()
        let condition = versionCondition(expectedVersion, &expression)
        let input = DeleteItemInput(
            tableName: tableName, key: key(id), conditionExpression: condition, expressionAttributeNames: expression.names,
            expressionAttributeValues: expression.values, returnValuesOnConditionCheckFailure: .allOld)
        do { _ = try client.deleteItem(input, deadline: deadline, observer: observer) } catch {
            // Gone on a retried call: the first attempt deleted it and its answer was lost. The product is
            // deleted either way, which is what the caller asked for.
            if case .conditionalCheckFailed(nil) = error, client.retryExecutor.lastAttemptCount > 1 { return }
            throw conditionFailure(error, id: id, operation: "DeleteItem")
        }
    }

    // MARK: Helpers

    /// The item must exist, and have the expected version when there is one.
    private func versionCondition(_ expectedVersion: Int?, _ expression: inout UpdateExpression) -> String {
        var condition = "attribute_exists(\(expression.name(A.productId)))"
        if let expectedVersion {
            condition += " AND \(expression.name(A.version)) = \(expression.value("expectedVersion", .number(expectedVersion)))"
        }
        return condition
    }

    /// A failed condition with no old item means there was no item; with one, the version differed.
    private func conditionFailure(_ error: DynamoDBError, id: String, operation: String) -> ProductsError {
        guard case .conditionalCheckFailed(let old) = error else { return .storage(operation: operation, error) }
        guard let old else { return .notFound(id: id) }
        guard let current = old[A.version]?.intValue else {
            return .corruptItem(ProductItemError(attribute: A.version, message: "is not an integer"))
        }
        return .versionConflict(currentVersion: current)
    }

    private func getItem(key id: String, deadline: Int64) throws(ProductsError) -> Item? {
        let input = GetItemInput(tableName: tableName, key: key(id), consistentRead: true)
        return try call("GetItem") { () throws(DynamoDBError) in try client.getItem(input, deadline: deadline, observer: observer) }.item
    }

    private func key(_ id: String) -> Item { [A.productId: .s(id)] }

    private func decode(_ item: Item) throws(ProductsError) -> Product {
        do { return try Product(item: item) } catch { throw .corruptItem(error) }
    }

    private func call<Output>(_ operation: String, _ body: () throws(DynamoDBError) -> Output) throws(ProductsError) -> Output {
        do { return try body() } catch { throw .storage(operation: operation, error) }
    }
}
