import DynamoDB
import HTTPRouter

/// POST /notes, GET /notes, GET /notes/{id}, DELETE /notes/{id} on one table keyed by `noteId`.
struct NotesAPI {
    let client: DynamoDBClient
    let table: String

    func register(on router: Router) {
        router.add("POST", "/notes") { request, context in try create(request, context) }
        router.add("GET", "/notes") { request, context in try list(request, context) }
        router.add("GET", "/notes/{id}") { request, context in try get(request, context) }
        router.add("DELETE", "/notes/{id}") { request, context in try delete(request, context) }
    }

    func create(_ request: HTTPRequest, _ context: LambdaContext) throws -> HTTPResponse {
        let note = Note(id: Note.newID(), text: try Note.text(fromBody: request.body), createdAt: UTCTime.iso8601(epochMilliseconds: UTCTime.nowMilliseconds()))
        // The condition makes an id collision a retry-worthy conflict instead of a silent overwrite.
        _ = try dynamoDB {
            try client.putItem(
                PutItemInput(tableName: table, item: note.item, conditionExpression: "attribute_not_exists(noteId)"),
                deadline: context.deadlineEpochMilliseconds)
        }
        return .json(201, note.json, headers: HTTPHeaders([("Location", request.link(to: "/notes/\(note.id)"))]))
    }

    func get(_ request: HTTPRequest, _ context: LambdaContext) throws -> HTTPResponse {
        let id = try Note.id(request.pathParameters["id"])
        let output = try dynamoDB {
            try client.getItem(GetItemInput(tableName: table, key: Note.key(id)), deadline: context.deadlineEpochMilliseconds)
        }
        guard let item = output.item, let note = Note(item) else { throw HTTPError.notFound("No note has the id \(id).") }
        return .json(200, note.json)
    }

    /// One page in table order; `next` is the `after` of the following page (absent on the last one).
    func list(_ request: HTTPRequest, _ context: LambdaContext) throws -> HTTPResponse {
        let limit = try Note.limit(request.queryValue("limit"))
        let after = try request.queryValue("after").map { (text) throws(HTTPError) in try Note.id(text) }
        let page = try dynamoDB {
            try client.scan(
                ScanInput(tableName: table, limit: limit, exclusiveStartKey: after.map(Note.key)),
                deadline: context.deadlineEpochMilliseconds)
        }
        var body: [(String, JSON)] = [("notes", .array(page.items.compactMap(Note.init).map(\.json)))]
        if let next = page.lastEvaluatedKey?["noteId"]?.stringValue { body.append(("next", .string(next))) }
        return .json(200, .object(JSONObject(body)))
    }

    func delete(_ request: HTTPRequest, _ context: LambdaContext) throws -> HTTPResponse {
        let id = try Note.id(request.pathParameters["id"])
        let output = try dynamoDB {
            try client.deleteItem(
                DeleteItemInput(tableName: table, key: Note.key(id), returnValues: .allOld), deadline: context.deadlineEpochMilliseconds)
        }
        guard output.attributes != nil else { throw HTTPError.notFound("No note has the id \(id).") }
        return HTTPResponse(status: 204)
    }

    /// DynamoDB's transient failures become a 503 the client may retry; the rest stay errors (a logged 500).
    private func dynamoDB<Output>(_ call: () throws -> Output) throws -> Output {
        do {
            return try call()
        } catch let error as DynamoDBError where error.isRetryable || error == .circuitOpen || error == .deadlineExceeded {
            throw HTTPError.serviceUnavailable()
        } catch DynamoDBError.conditionalCheckFailed {
            throw HTTPError.conflict("A note with this id exists; retry.")
        }
    }
}
