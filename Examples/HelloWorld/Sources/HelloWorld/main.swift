// The whole function: GET /hello/{name} answers {"message": "Hello, <name>!"}; every other path is a JSON 404,
// every other method a 405, without a line of code here.
import HTTPRouter

HTTPFunction.run { _ in
    let router = Router()
    router.add("GET", "/hello/{name}") { request, _ in
        let name = request.pathParameters["name"] ?? "world"
        return .json(200, ["message": .string("Hello, \(name)!")])
    }
    return router
}
