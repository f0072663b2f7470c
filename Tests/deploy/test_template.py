"""template.yaml: the function's settings, least-privilege access to the table, every route, the outputs."""

from __future__ import annotations

import re

from deploy_support import CfnTag

EXPECTED_ROUTES = {
    ("/health", "GET"), ("/health", "OPTIONS"), ("/openapi.json", "GET"),
    ("/products", "POST"), ("/products", "GET"), ("/products", "OPTIONS"),
    ("/products/{id}", "GET"), ("/products/{id}", "PUT"), ("/products/{id}", "PATCH"),
    ("/products/{id}", "DELETE"), ("/products/{id}", "OPTIONS"),
    ("/products/export", "GET"), ("/products/export", "OPTIONS"), ("/products/export", "ANY"),
    # Fallbacks, so the router (not API Gateway's bare 403) answers unknown paths and methods.
    ("/", "ANY"), ("/{proxy+}", "ANY"), ("/health", "ANY"), ("/products", "ANY"), ("/products/{id}", "ANY"),
}
# Routes whose REST API integration streams (InvokeWithResponseStream, responseTransferMode STREAM).
STREAMED_ROUTES = {("/products/export", "GET")}
# Exactly what the Products store calls, nothing more (TransactWriteItems is authorised by its PutItems).
EXPECTED_ACTIONS = {
    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
    "dynamodb:Scan",
    # The cursor key (CURSOR_SECRET_ARN), and only that secret.
    "secretsmanager:GetSecretValue",
}
API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS = 29


def policy_statements(function: dict) -> list[dict]:
    statements = []
    for policy in function["Properties"]["Policies"]:
        assert isinstance(policy, dict) and "Statement" in policy, f"only inline statements, got {policy!r}"
        statements.extend(policy["Statement"])
    return statements


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_runtime_parameter_defaults_to_al2023_and_still_allows_al2(template, function):
    parameter = template["Parameters"]["LambdaRuntime"]
    # provided.al2 can no longer be used to create functions (blocked from 2026-07-31).
    assert parameter["Default"] == "provided.al2023"
    assert set(parameter["AllowedValues"]) == {"provided.al2", "provided.al2023"}
    assert function["Properties"]["Runtime"] == CfnTag("Ref", "LambdaRuntime")


def test_architecture_parameter_defaults_to_x86_64(template, function):
    parameter = template["Parameters"]["Architecture"]
    assert parameter["Default"] == "x86_64"
    assert set(parameter["AllowedValues"]) == {"x86_64", "arm64"}
    assert function["Properties"]["Architectures"] == [CfnTag("Ref", "Architecture")]


def test_the_cursor_key_is_a_generated_secret_only_the_function_may_read(template, function):
    secret = template["Resources"]["CursorKeySecret"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables["CURSOR_SECRET_ARN"] == CfnTag("Ref", "CursorKeySecret")
    assert "CURSOR_SECRET" not in variables and "CursorSecret" not in template["Parameters"]
    reads = [statement for statement in policy_statements(function) if "secretsmanager:GetSecretValue" in as_list(statement["Action"])]
    assert [as_list(statement["Resource"]) for statement in reads] == [[CfnTag("Ref", "CursorKeySecret")]]
    assert all(as_list(statement["Action"]) == ["secretsmanager:GetSecretValue"] for statement in reads)


def test_function_is_built_by_the_makefile_from_the_repository_root(function):
    metadata = function["Metadata"]
    assert metadata["BuildMethod"] == "makefile"
    # make runs where the Makefile and .build/ are, not in SAM's scratch copy of CodeUri.
    assert metadata["ContextPath"] == "." and metadata["WorkingDirectory"] == "."
    assert function["Properties"]["Handler"] == "bootstrap"


def test_memory_and_timeout_fit_api_gateway(function):
    properties = function["Properties"]
    assert 128 <= properties["MemorySize"] <= 1024
    # Long enough for the DynamoDB retries (a hung 5 s attempt plus backoff), shorter than API Gateway waits.
    assert 6 <= properties["Timeout"] < API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS


def test_function_logs_json_and_traces(function):
    properties = function["Properties"]
    assert properties["LoggingConfig"]["LogFormat"] == "JSON"
    assert properties["LoggingConfig"]["ApplicationLogLevel"] == CfnTag("Ref", "LogLevel")
    assert properties["Tracing"] == "Active"


def test_function_gets_the_table_name(function):
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables["TABLE_NAME"] == CfnTag("Ref", "ProductsTable")


def test_endpoint_overrides_are_declared_empty_for_sam_local(function):
    """`sam local --env-vars` sets only declared variables: undeclared, a local run would call real AWS. Empty
    in AWS, which the function reads as unset (the SDKs' own endpoints)."""
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables["AWS_ENDPOINT_URL_DYNAMODB"] == ""
    assert variables["AWS_ENDPOINT_URL_SECRETS_MANAGER"] == ""


def test_policy_allows_only_the_dynamodb_actions_used(function):
    statements = policy_statements(function)
    actions = set()
    for statement in statements:
        assert statement["Effect"] == "Allow"
        actions.update(as_list(statement["Action"]))
    assert actions == EXPECTED_ACTIONS
    assert not any("*" in action for action in actions)


def test_policy_resources_are_the_table_its_indexes_and_the_cursor_key_only(function):
    resources = [resource for statement in policy_statements(function) for resource in as_list(statement["Resource"])]
    assert CfnTag("GetAtt", "ProductsTable.Arn") in resources
    assert CfnTag("Sub", "${ProductsTable.Arn}/index/*") in resources
    assert CfnTag("Ref", "CursorKeySecret") in resources
    assert len(resources) == 3
    for resource in resources:
        assert resource != "*"
        assert isinstance(resource, CfnTag), f"a literal resource {resource!r} is not tied to this stack's table"


def test_no_managed_policy_grants_broad_dynamodb_access(function):
    for policy in function["Properties"]["Policies"]:
        assert not isinstance(policy, str), f"managed policy {policy} attached"
        assert "DynamoDBCrudPolicy" not in policy


def test_every_route_is_an_api_event_on_the_rest_api(function):
    routes = set()
    for name, event in function["Properties"]["Events"].items():
        assert event["Type"] == "Api", name
        properties = event["Properties"]
        assert properties["RestApiId"] == CfnTag("Ref", "ProductsApi"), name
        routes.add((properties["Path"], properties["Method"].upper()))
    assert routes == EXPECTED_ROUTES


def test_cors_is_answered_by_the_function_not_by_api_gateway(template, function):
    api = template["Resources"]["ProductsApi"]
    assert api["Type"] == "AWS::Serverless::Api"
    # One owner for preflights: a SAM Cors setting would add mock OPTIONS methods that clash with ours.
    assert "Cors" not in api["Properties"]
    assert function["Properties"]["Environment"]["Variables"]["CORS_ALLOWED_ORIGINS"] == CfnTag("Ref", "AllowedOrigins")


def test_api_stage_is_prod_and_traced(template):
    properties = template["Resources"]["ProductsApi"]["Properties"]
    assert properties["StageName"] == "Prod"
    assert properties["TracingEnabled"] is True


def test_table_is_kept_and_protected(template):
    table = template["Resources"]["ProductsTable"]
    properties = table["Properties"]
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["KeySchema"] == [{"AttributeName": "productId", "KeyType": "HASH"}]
    index = properties["GlobalSecondaryIndexes"][0]
    assert index["IndexName"] == "category-index"
    assert index["KeySchema"] == [
        {"AttributeName": "category", "KeyType": "HASH"}, {"AttributeName": "createdAt", "KeyType": "RANGE"}]
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["SSESpecification"]["SSEEnabled"] is True
    assert properties["DeletionProtectionEnabled"] is True


def test_outputs_give_the_api_url_and_the_table_name(template):
    outputs = template["Outputs"]
    assert outputs["ApiUrl"]["Value"] == CfnTag(
        "Sub", "https://${ProductsApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod/")
    assert outputs["TableName"]["Value"] == CfnTag("Ref", "ProductsTable")


def test_references_point_at_declared_names(template):
    """Every !Ref / !GetAtt / ${...} names a parameter, a resource or a pseudo parameter."""
    declared = set(template["Parameters"]) | set(template["Resources"])

    def names(value):
        if isinstance(value, CfnTag):
            if value.tag == "Ref":
                yield value.value.split(".")[0]  # `ProductsFunction.Alias`: SAM's alias of the function
            elif value.tag == "GetAtt":
                yield value.value.split(".")[0]
            elif value.tag == "Sub":
                text, local = (value.value, {}) if isinstance(value.value, str) else value.value
                for reference in re.findall(r"\$\{([^}!]+)\}", text):
                    if reference not in local:
                        yield reference.split(".")[0]
                yield from names(local)
            else:
                yield from names(value.value)
        elif isinstance(value, dict):
            for item in value.values():
                yield from names(item)
        elif isinstance(value, list):
            for item in value:
                yield from names(item)

    referenced = set(names(template["Resources"])) | set(names(template["Outputs"]))
    unknown = {name for name in referenced if not name.startswith("AWS::")} - declared
    assert not unknown


# --- Authentication (issue 9) --------------------------------------------------------------------------------


def test_auth_mode_defaults_to_cognito_and_none_must_be_chosen(template):
    parameter = template["Parameters"]["AuthMode"]
    assert parameter["Default"] == "cognito"
    assert set(parameter["AllowedValues"]) == {"cognito", "existing", "none"}
    assert template["Conditions"]["UseCognito"] == CfnTag("Equals", [CfnTag("Ref", "AuthMode"), "cognito"])
    assert template["Conditions"]["AuthDisabled"] == CfnTag("Equals", [CfnTag("Ref", "AuthMode"), "none"])


def test_the_function_gets_the_issuer_and_audience_of_the_chosen_mode(function):
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables["AUTH_MODE"] == CfnTag("If", ["AuthDisabled", "none", "jwt"])
    assert variables["AUTH_ISSUER"] == CfnTag("If", [
        "UseCognito", CfnTag("Sub", "https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/${ProductsUserPool}"), CfnTag("Ref", "IssuerUrl")])
    assert variables["AUTH_AUDIENCE"] == CfnTag("If", ["UseCognito", CfnTag("Ref", "ProductsMachineClient"), CfnTag("Ref", "Audience")])
    assert variables["AUTH_WRITE_SCOPE"] == "products/write"
    assert variables["AUTH_READ_SCOPE"] == CfnTag("Ref", "ReadScope")
    assert variables["AUTH_WRITE_GROUP"] == CfnTag("Ref", "WriteGroup")


def test_existing_mode_requires_its_issuer_and_audience(template):
    rule = template["Rules"]["ExistingIssuerNeedsItsSettings"]
    assert rule["RuleCondition"] == CfnTag("Equals", [CfnTag("Ref", "AuthMode"), "existing"])
    asserted = {assertion["Assert"].value[0].value[0].value for assertion in rule["Assertions"]}
    assert asserted == {"IssuerUrl", "Audience"}


def test_cognito_has_a_resource_server_with_both_scopes_and_a_machine_client(template):
    resources = template["Resources"]
    for name in ("ProductsUserPool", "ProductsResourceServer", "ProductsUserPoolDomain", "ProductsMachineClient"):
        assert resources[name]["Condition"] == "UseCognito", name
    server = resources["ProductsResourceServer"]["Properties"]
    assert server["Identifier"] == "products"
    assert {scope["ScopeName"] for scope in server["Scopes"]} == {"read", "write"}
    client = resources["ProductsMachineClient"]["Properties"]
    assert client["GenerateSecret"] is True and client["AllowedOAuthFlowsUserPoolClient"] is True
    assert client["AllowedOAuthFlows"] == ["client_credentials"]
    assert set(client["AllowedOAuthScopes"]) == {"products/read", "products/write"}
    assert resources["ProductsMachineClient"]["DependsOn"] == "ProductsResourceServer"
    assert resources["ProductsUserPool"]["Properties"]["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True


def test_outputs_give_the_issuer_the_token_url_and_the_client_id(template):
    outputs = template["Outputs"]
    assert outputs["TokenUrl"]["Condition"] == outputs["ClientId"]["Condition"] == "UseCognito"
    assert outputs["TokenUrl"]["Value"] == CfnTag(
        "Sub", "https://${ProductsUserPoolDomain}.auth.${AWS::Region}.amazoncognito.com/oauth2/token")
    assert outputs["ClientId"]["Value"] == CfnTag("Ref", "ProductsMachineClient")
    assert outputs["AuthIssuer"]["Value"] == CfnTag("If", [
        "UseCognito", CfnTag("Sub", "https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/${ProductsUserPool}"), CfnTag("Ref", "IssuerUrl")])


def test_only_the_export_route_streams_and_it_does(function):
    """A streamed route needs its integration to stream: a buffered one would hand the client the prelude."""
    streamed = {
        (event["Properties"]["Path"], event["Properties"]["Method"].upper())
        for event in function["Properties"]["Events"].values()
        if event["Properties"].get("ResponseTransferMode") == "RESPONSE_STREAM"
    }
    assert streamed == STREAMED_ROUTES

