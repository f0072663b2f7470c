"""What the local stack reads from a SAM template (tools/local/template.py) and how it creates the table."""

import textwrap

from tools.local import dynamodb
from tools.local import template as cfn

TEMPLATE = textwrap.dedent(
    """
    Transform: AWS::Serverless-2016-10-31
    Parameters:
      Origins: {Type: String, Default: "https://a.example"}
    Globals:
      Function:
        Timeout: 7
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Handler: bootstrap
          MemorySize: 512
          Role: !GetAtt Role.Arn
          LoggingConfig: {LogFormat: JSON}
          Environment:
            Variables:
              TABLE_NAME: !Ref Table
              ORIGINS: !Ref Origins
              PLAIN: value
              JOINED: !Sub "${Table}-x"
          Events:
            Get: {Type: Api, Properties: {Path: "/items/{id}", Method: get}}
            Any: {Type: Api, Properties: {Path: "/{proxy+}", Method: ANY}}
            Queue: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}
      Table:
        Type: AWS::DynamoDB::Table
        Properties:
          TableName: !Sub "${AWS::StackName}-table"
          AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: g, AttributeType: N}]
          KeySchema: [{AttributeName: pk, KeyType: HASH}]
          ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1}
          GlobalSecondaryIndexes:
            - IndexName: by-g
              KeySchema: [{AttributeName: g, KeyType: HASH}]
              Projection: {ProjectionType: KEYS_ONLY}
              ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1}
              ContributorInsightsSpecification: {Enabled: true}
          StreamSpecification: {StreamViewType: NEW_IMAGE}
          SSESpecification: {SSEEnabled: true}
    """
)


def write(tmp_path, text=TEMPLATE):
    path = tmp_path / "template.yaml"
    path.write_text(text)
    return str(path)


def test_cloudformation_tags_load_as_values(tmp_path):
    document = cfn.load_template(write(tmp_path))
    role = document["Resources"]["Fn"]["Properties"]["Role"]
    assert role == cfn.CfnTag("GetAtt", "Role.Arn")


def test_function_settings_merge_globals_and_resolve_parameter_defaults(tmp_path):
    settings = cfn.function_settings(cfn.load_template(write(tmp_path)))
    assert settings.function_name == "Fn"
    assert settings.timeout_seconds == 7
    assert settings.memory_mb == 512
    assert settings.log_format == "JSON"
    # computed values are left to the local stack
    assert settings.environment == {"ORIGINS": "https://a.example", "PLAIN": "value"}
    assert settings.routes == [("/items/{id}", "GET"), ("/{proxy+}", "ANY")]


def test_a_template_without_function_gets_lambdas_defaults(tmp_path):
    settings = cfn.function_settings(cfn.load_template(write(tmp_path, "Resources: {}\n")))
    assert (settings.timeout_seconds, settings.memory_mb, settings.routes) == (3, 128, [])


def test_the_create_table_request_maps_the_cloudformation_properties(tmp_path):
    properties = cfn.table_properties(cfn.load_template(write(tmp_path)), "Table")
    request = dynamodb.create_table_request(properties, "local")
    assert request["TableName"] == "local"
    assert request["BillingMode"] == "PROVISIONED"
    assert request["ProvisionedThroughput"] == {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    assert request["GlobalSecondaryIndexes"] == [
        {
            "IndexName": "by-g",
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        }
    ]
    assert request["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert "SSESpecification" not in request


def test_the_shared_table_is_the_templates(dynamodb_client, table_name):
    """The session's moto table, created from the project's template.yaml."""
    properties = cfn.table_properties(cfn.load_template())
    table = dynamodb_client.describe_table(TableName=table_name)["Table"]
    assert table["KeySchema"] == properties["KeySchema"]
    assert sorted(table["AttributeDefinitions"], key=str) == sorted(properties["AttributeDefinitions"], key=str)
    assert [index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])] == [
        index["IndexName"] for index in properties.get("GlobalSecondaryIndexes", [])
    ]
    ttl = dynamodb_client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": properties["TimeToLiveSpecification"]["AttributeName"]}
