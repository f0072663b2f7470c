// Init runs once per execution environment: read the table's name, build one DynamoDB client (no network
// yet), register the routes. Every warm invocation reuses them.
import DynamoDB
import HTTPRouter

HTTPFunction.run { _ in
    guard let table = Environment.value("TABLE_NAME"), !table.isEmpty else {
        throw InvocationError(errorType: "ConfigurationError", errorMessage: "TABLE_NAME is not set")
    }
    let client = try DynamoDBClient(configuration: try DynamoDBConfiguration.fromEnvironment())
    let router = Router()
    NotesAPI(client: client, table: table).register(on: router)
    return router
}
