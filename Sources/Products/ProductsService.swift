import Codec
import DynamoDB
import Telemetry

/// The products operations, free of HTTP: validated input in, products (or `ProductsError`) out.
/// `deadline` is the epoch millisecond by which every DynamoDB call must be done.
public struct ProductsService {
    public static let defaultPageSize = 20
    public static let pageSizes = 1...100

    var store: ProductStore
    let cursors: CursorCodec
    let clock: Clock

    public init(store: ProductStore, cursors: CursorCodec, clock: Clock = .system) {
        self.store = store
        self.cursors = cursors
        self.clock = clock
    }

    /// This service with its DynamoDB calls reported to one invocation's telemetry (a cheap copy).
    public func observed(by telemetry: InvocationTelemetry) -> ProductsService {
        var copy = self
        copy.store.observer = DynamoDBTelemetry(telemetry)
        return copy
    }

    /// A new product (version 1). With an idempotency key, a retry of the same request returns what the
    /// first one created; the same key with a different request is refused.
    public func create(_ fields: ProductFields, idempotencyKey: IdempotencyKey?, deadline: Int64) throws(ProductsError) -> Product {
        let now = clock.timestamp()
        let product = Product(id: ProductID.generate(), fields: fields, createdAt: now.iso8601, updatedAt: now.iso8601, version: 1)
        guard let idempotencyKey else {
            try store.create(product, deadline: deadline)
            return product
        }
        let nowSeconds = now.epochMilliseconds / 1000
        let record = IdempotencyRecord(
            recordID: idempotencyKey.recordID, requestHash: IdempotencyRecord.requestHash(of: fields), product: product,
            expiresAt: nowSeconds + IdempotencyRecord.lifetimeSeconds)
        switch try store.create(product, recording: record, nowSeconds: nowSeconds, deadline: deadline) {
        case .created:
            return product
        case .alreadyRecorded(let first):
            guard first.requestHash == record.requestHash else { throw .idempotencyKeyReused }
            return first.product
        }
    }

    /// Ids not in our format cannot exist: answered without a DynamoDB call.
    public func product(id: String, deadline: Int64) throws(ProductsError) -> Product {
        guard ProductID.isValid(id), let product = try store.product(id: id, deadline: deadline) else { throw .notFound(id: id) }
        return product
    }

    public func list(_ listing: Listing, limit: Int, cursor: String?, deadline: Int64) throws(ProductsError) -> (
        products: [Product], nextCursor: String?
    ) {
        let startKey = try cursor.map { (text) throws(ProductsError) in try cursors.decode(text, for: listing) }
        let page = try store.page(of: listing, limit: limit, startingAfter: startKey, deadline: deadline)
        return (page.products, page.lastEvaluatedKey.map { cursors.encode($0, for: listing) })
    }

    /// PUT and PATCH: applies the change when the product is still at `expectedVersion`.
    public func update(id: String, applying patch: ProductPatch, expectedVersion: Int, deadline: Int64) throws(ProductsError) -> Product {
        guard ProductID.isValid(id) else { throw .notFound(id: id) }
        return try store.update(
            id: id, applying: patch, expectedVersion: expectedVersion, updatedAt: clock.timestamp().iso8601, deadline: deadline)
    }

    public func delete(id: String, expectedVersion: Int?, deadline: Int64) throws(ProductsError) {
        guard ProductID.isValid(id) else { throw .notFound(id: id) }
        try store.delete(id: id, expectedVersion: expectedVersion, deadline: deadline)
    }
}
