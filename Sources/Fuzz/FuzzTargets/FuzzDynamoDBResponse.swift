import Codec
import DynamoDB
import Products

extension FuzzTargets {
    /// The DynamoDB response decoder: any body, as a success of each operation the store uses and as an error
    /// answer, decodes or fails with a typed error; every item that decodes maps to a product or a
    /// `ProductItemError`, and a product that maps writes back to the same item.
    public static func dynamoDBResponse(_ input: UnsafeRawBufferPointer) {
        let body = input.bytes
        var items: [Item] = []
        if let output = try? DynamoDBResponseDecoder.decode(GetItemInput.self, status: 200, body: body), let item = output.item {
            items.append(item)
        }
        if let page = try? DynamoDBResponseDecoder.decode(QueryInput.self, status: 200, body: body) {
            items += page.items
            if let key = page.lastEvaluatedKey { items.append(key) }
        }
        _ = try? DynamoDBResponseDecoder.decode(ScanInput.self, status: 200, body: body)
        _ = try? DynamoDBResponseDecoder.decode(UpdateItemInput.self, status: 200, body: body)
        _ = try? DynamoDBResponseDecoder.decode(BatchGetItemInput.self, status: 200, body: body)
        for status in [400, 500] {
            let error = DynamoDBResponseDecoder.error(status: status, errorTypeHeader: nil, body: body)
            _ = error.description
        }
        for item in items {
            FuzzCheck.require((try? AttributeValue.item(json: AttributeValue.json(item: item))) == item, "an item does not round-trip")
            if let product = try? Product(item: item) {
                FuzzCheck.require((try? Product(item: product.item)) == product, "a product does not round-trip")
            }
        }
    }
}
