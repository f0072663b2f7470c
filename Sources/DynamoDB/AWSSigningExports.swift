// SigV4, the digests and `Credentials` live in AWSSigning (shared with the Secrets Manager client); users of
// this module keep seeing them through `import DynamoDB`.
@_exported import AWSSigning
