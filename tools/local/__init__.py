"""Local stack: runs the real `bootstrap` as Lambda would (Runtime API), behind an API Gateway REST proxy
emulation, against moto's DynamoDB. No AWS, no Docker. See Tests/e2e/README.md for how tests use it."""
