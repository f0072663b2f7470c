// A function's code imports HTTPRouter alone: requests, responses, JSON, the context and the logger come with it.
@_exported import Codec
@_exported import HTTPEvents
@_exported import LambdaRuntime
