import Codec
import DynamoDB

/// The client's own CPU cost per GetItem: everything but the network.
enum GetItemBenchmark {
    /// A product as the Products table stores it.
    static let response = Array(#"""
        {"Item":{"pk":{"S":"PRODUCT#4f9c2a1e-7b3d-4c5e-9a8f-1d2e3f4a5b6c"},"sk":{"S":"PRODUCT"},\#
        "id":{"S":"4f9c2a1e-7b3d-4c5e-9a8f-1d2e3f4a5b6c"},"name":{"S":"Stainless steel water bottle, 750 ml"},\#
        "description":{"S":"Double-walled, keeps drinks cold for 24 hours and hot for 12. Dishwasher safe."},\#
        "price":{"N":"24.99"},"currency":{"S":"EUR"},"stock":{"N":"137"},"category":{"S":"kitchen"},\#
        "tags":{"SS":["bottle","outdoor","steel"]},"active":{"BOOL":true},\#
        "createdAt":{"S":"2026-11-23T11:16:45.123Z"},"updatedAt":{"S":"2026-11-23T11:16:45.123Z"},"version":{"N":"3"}}}
        """#.utf8)

    static func run() {
        let configuration = DynamoDBConfiguration(
            region: "eu-west-1",
            credentials: Credentials(
                accessKeyID: "ASIAEXAMPLEEXAMPLE12", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: String(repeating: "IQoJb3JpZ2luX2VjEHQaCWV1LXdlc3QtMSJHMEUCIQ", count: 20)))
        let factory = DynamoDBRequestFactory(configuration: configuration)
        let input = GetItemInput(tableName: "products", key: ["pk": .s("PRODUCT#4f9c2a1e-7b3d-4c5e-9a8f-1d2e3f4a5b6c"), "sk": .s("PRODUCT")])
        var clock = UTCTime.nowMilliseconds()
        var sink = 0
        measure("getitem (sign + encode + decode)") {
            clock += 1
            let request = factory.makeRequest(input, epochMilliseconds: clock, timeoutMilliseconds: 1000)
            let output = try! DynamoDBResponseDecoder.decode(GetItemInput.self, status: 200, body: response)
            sink &+= request.headers.count &+ (output.item?.count ?? 0)
        }
        // Where the time goes.
        let body = JSON.object(input.requestBody()).serialized()
        measure("  of which: encode the body") { sink &+= JSON.object(input.requestBody()).serialized().count }
        measure("  of which: sign") {
            clock += 1
            sink &+= factory.makeRequest(target: GetItemInput.name, body: body, epochMilliseconds: clock).headers.count
        }
        measure("  of which: decode the response") {
            sink &+= (try! DynamoDBResponseDecoder.decode(GetItemInput.self, status: 200, body: response)).item?.count ?? 0
        }
        if sink == 42 { print("") }  // keeps the work observable
    }
}
