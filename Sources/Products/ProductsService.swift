import Codec
import DynamoDB
import Telemetry

/// The products operations, free of HTTP: validated input in, products (or `ProductsError`) out.
/// `deadline` is the epoch millisecond by which every DynamoDB call must be done.
public struct ProductsService {
    public static let defaultPageSize = 20
    public static let pageSizes = 1...100

    var store: ProductStore
    let cursors: CursorKeys
    let clock: Clock
    /// The invocation this copy serves (`observed(by:)`), told of the secret fetch the cursor key may need.
    private(set) var telemetry: InvocationTelemetry?

    public init(store: ProductStore, cursors: CursorKeys, clock: Clock = .system) {
        self.store = store
        self.cursors = cursors
        self.clock = clock
    }

    /// This service with its DynamoDB calls reported to one invocation's telemetry (a cheap copy).
    public func observed(by telemetry: InvocationTelemetry) -> ProductsService {
        var copy = self
        copy.store.observer = DynamoDBTelemetry(telemetry)
        copy.telemetry = telemetry
        return copy
    }

    /// A new product (version 1). With an idempotency key, a retry of the same request returns what the
    /// first one created (`isReplay`), as it was then, even if it has changed or been deleted since; the same
    /// key with a different request is refused. `caller` is who asks (`createdBy`/`updatedBy`), `nil` without
    /// authentication.
    public func create(
        _ fields: ProductFields, by caller: String? = nil, idempotencyKey: IdempotencyKey?, deadline: Int64
    ) throws(ProductsError) -> (product: Product, isReplay: Bool) {
        let now = clock.timestamp()
        let product = Product(
            id: ProductID.generate(), fields: fields, createdAt: now.iso8601, updatedAt: now.iso8601, version: 1, createdBy: caller,
            updatedBy: caller)
        guard let idempotencyKey else {
            try store.create(product, deadline: deadline)
            return (product, false)
        }
        let nowSeconds = now.epochMilliseconds / 1000
        let record = IdempotencyRecord(
            recordID: idempotencyKey.recordID, requestHash: IdempotencyRecord.requestHash(of: fields), product: product,
            expiresAt: nowSeconds + IdempotencyRecord.lifetimeSeconds)
        switch try store.create(product, recording: record, nowSeconds: nowSeconds, deadline: deadline) {
        case .created:
            return (product, false)
        case .alreadyRecorded(let first):
            guard first.requestHash == record.requestHash else { throw .idempotencyKeyReused }
            return (first.product, true)
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
        let startKey = try cursor.map { (text) throws(ProductsError) in
            try cursors.withCodec(deadline: deadline, telemetry: telemetry) { (codec) throws(ProductsError) in
                try codec.decode(text, for: listing)
            }
        }
        let page = try store.page(of: listing, limit: limit, startingAfter: startKey, deadline: deadline)
        // The key is only needed (and, from Secrets Manager, only fetched) when there is a next page.
        let next = try page.lastEvaluatedKey.map { (key) throws(ProductsError) in
            try cursors.withCodec(deadline: deadline, telemetry: telemetry) { codec in codec.encode(key, for: listing) }
        }
        return (page.products, next)
    }

    /// One page of the whole table for the export, continuing after `startKey` (the page's own key, never a
    /// client's cursor).
    public func exportPage(after startKey: Item?, limit: Int, deadline: Int64) throws(ProductsError) -> (
        products: [Product], lastEvaluatedKey: Item?
    ) {
        try store.page(of: .all, limit: limit, startingAfter: startKey, deadline: deadline)
    }

    /// PUT and PATCH: applies the change when the product meets `expected`; a missing product is `notFound`.
    public func update(
        id: String, applying patch: ProductPatch, expected: ExpectedVersion, by caller: String? = nil, deadline: Int64
    ) throws(ProductsError) -> Product {
        guard ProductID.isValid(id) else { throw .notFound(id: id) }
        let expectedVersion: Int?
        switch expected {
        case .contradictory:
            // No write can meet both versions: answer with the version there is (or 404), as for a stale one.
            throw .versionConflict(currentVersion: try product(id: id, deadline: deadline).version)
        case .anyVersion: expectedVersion = nil
        case .version(let version): expectedVersion = version
        }
        return try store.update(
            id: id, applying: patch, expectedVersion: expectedVersion, updatedAt: clock.timestamp().iso8601, updatedBy: caller,
            deadline: deadline)
    }

    public func delete(id: String, expectedVersion: Int?, deadline: Int64) throws(ProductsError) {
        guard ProductID.isValid(id) else { throw .notFound(id: id) }
        try store.delete(id: id, expectedVersion: expectedVersion, deadline: deadline)
    }
}
