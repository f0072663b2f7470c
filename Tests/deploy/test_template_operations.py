"""template.yaml's operations blocks: the live alias and its gradual, alarm-guarded deploys, the alarms and the
metrics they watch, log retention, API access logs and compression, reserved concurrency, the dashboard and the
outputs. Read both as written (CfnTag values) and as SAM expands it (samtranslator, offline)."""

from __future__ import annotations

import json
import re

import pytest
from deploy_support import CfnTag, expanded_template

ROLLBACK_ALARMS = {"FunctionErrorsAlarm", "FunctionDurationAlarm", "Api5xxAlarm"}
ALARMS = ROLLBACK_ALARMS | {"FunctionThrottlesAlarm", "TableThrottlesAlarm", "TableSystemErrorsAlarm"}
TABLE_OPERATIONS = {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "TransactWriteItems"}
EMF_METRICS = {"Latency", "Status2xx", "Status4xx", "Status5xx", "ColdStart", "InitDuration", "DynamoDBLatency",
               "DynamoDBRetries", "DynamoDBThrottles", "DynamoDBCircuitOpens"}


@pytest.fixture(scope="module")
def resources(template) -> dict:
    return template["Resources"]


@pytest.fixture(scope="module")
def expanded() -> dict:
    return expanded_template()["Resources"]


def alarm(resources, name) -> dict:
    resource = resources[name]
    assert resource["Type"] == "AWS::CloudWatch::Alarm", name
    return resource["Properties"]


def dimensions(properties) -> dict:
    return {d["Name"]: d["Value"] for d in properties["Dimensions"]}


def test_every_deploy_publishes_a_version_behind_the_live_alias(function):
    assert function["Properties"]["AutoPublishAlias"] == "live"


def test_the_api_invokes_the_alias_not_the_unqualified_function(expanded):
    permissions = [r["Properties"] for r in expanded.values() if r["Type"] == "AWS::Lambda::Permission"]
    assert permissions, "no invoke permission for the API"
    for permission in permissions:
        assert permission["FunctionName"] == {"Ref": "ProductsFunctionAliaslive"}
        assert permission["Principal"] == "apigateway.amazonaws.com"


def test_deployment_preference_defaults_to_a_canary_and_allows_all_at_once(template, function):
    parameter = template["Parameters"]["DeploymentStrategy"]
    assert parameter["Default"] == "Canary10Percent5Minutes"
    assert "AllAtOnce" in parameter["AllowedValues"]
    assert function["Properties"]["DeploymentPreference"]["Type"] == CfnTag("Ref", "DeploymentStrategy")


def test_deployment_rolls_back_on_the_alarms(function, expanded):
    configured = function["Properties"]["DeploymentPreference"]["Alarms"]
    assert {ref.value for ref in configured} == ROLLBACK_ALARMS
    group = next(r for r in expanded.values() if r["Type"] == "AWS::CodeDeploy::DeploymentGroup")["Properties"]
    assert group["AlarmConfiguration"]["Enabled"] is True
    assert {a["Name"]["Ref"] for a in group["AlarmConfiguration"]["Alarms"]} == ROLLBACK_ALARMS
    assert "DEPLOYMENT_STOP_ON_ALARM" in group["AutoRollbackConfiguration"]["Events"]


def test_function_alarms_watch_lambda_metrics_of_this_function(resources):
    for name, metric in (("FunctionErrorsAlarm", "Errors"), ("FunctionThrottlesAlarm", "Throttles"), ("FunctionDurationAlarm", "Duration")):
        properties = alarm(resources, name)
        assert (properties["Namespace"], properties["MetricName"]) == ("AWS/Lambda", metric), name
        assert dimensions(properties)["FunctionName"] == CfnTag("Ref", "ProductsFunction")
    # Rollback alarms look at the alias, which carries exactly the traffic being shifted.
    for name in ("FunctionErrorsAlarm", "FunctionDurationAlarm"):
        assert dimensions(alarm(resources, name))["Resource"] == CfnTag("Sub", "${ProductsFunction}:live")
    duration = alarm(resources, "FunctionDurationAlarm")
    assert duration["ExtendedStatistic"] == "p99"
    assert duration["Threshold"] == CfnTag("Ref", "DurationAlarmMilliseconds")


def test_api_alarm_watches_the_named_api_stage(resources):
    properties = alarm(resources, "Api5xxAlarm")
    assert (properties["Namespace"], properties["MetricName"]) == ("AWS/ApiGateway", "5XXError")
    api = resources["ProductsApi"]["Properties"]
    assert dimensions(properties) == {"ApiName": api["Name"], "Stage": api["StageName"]}


@pytest.mark.parametrize("name,metric", [("TableThrottlesAlarm", "ThrottledRequests"), ("TableSystemErrorsAlarm", "SystemErrors")])
def test_table_alarms_add_up_every_operation_on_this_table(resources, name, metric):
    properties = alarm(resources, name)
    stats = [m["MetricStat"]["Metric"] for m in properties["Metrics"] if "MetricStat" in m]
    assert {s["MetricName"] for s in stats} == {metric} and {s["Namespace"] for s in stats} == {"AWS/DynamoDB"}
    assert {dimensions(s)["Operation"] for s in stats} == TABLE_OPERATIONS
    assert all(dimensions(s)["TableName"] == CfnTag("Ref", "ProductsTable") for s in stats)
    [returned] = [m for m in properties["Metrics"] if m.get("ReturnData")]
    assert returned["Expression"] == "SUM(METRICS())"
    assert len(properties["Metrics"]) <= 10  # CloudWatch's limit for an alarm's metric math


def test_alarms_notify_the_optional_topic(template, resources):
    assert template["Parameters"]["AlarmEmail"]["Default"] == ""
    topic = resources["AlarmTopic"]
    assert topic["Condition"] == "HasAlarmEmail"
    assert topic["Properties"]["Subscription"] == [{"Protocol": "email", "Endpoint": CfnTag("Ref", "AlarmEmail")}]
    for name in ALARMS:
        properties = alarm(resources, name)
        assert properties["AlarmActions"] == CfnTag("If", ["HasAlarmEmail", [CfnTag("Ref", "AlarmTopic")], CfnTag("Ref", "AWS::NoValue")])
        assert properties["TreatMissingData"] == "notBreaching"
    pattern = re.compile(template["Parameters"]["AlarmEmail"]["AllowedPattern"])
    assert pattern.fullmatch("") and pattern.fullmatch("ops@example.com") and not pattern.fullmatch("not an address")


def test_logs_expire_after_the_retention_parameter(template, function, resources):
    parameter = template["Parameters"]["LogRetentionDays"]
    assert parameter["Default"] == 30 and 30 in parameter["AllowedValues"]
    assert function["Properties"]["LoggingConfig"]["LogGroup"] == CfnTag("Ref", "FunctionLogGroup")
    for name in ("FunctionLogGroup", "ApiAccessLogGroup"):
        assert resources[name]["Type"] == "AWS::Logs::LogGroup"
        assert resources[name]["Properties"]["RetentionInDays"] == CfnTag("Ref", "LogRetentionDays")


def test_api_writes_json_access_logs_to_its_log_group(resources):
    setting = resources["ProductsApi"]["Properties"]["AccessLogSetting"]
    assert setting["DestinationArn"] == CfnTag("GetAtt", "ApiAccessLogGroup.Arn")
    sample = re.sub(r"\$context\.[A-Za-z.]+", "x", setting["Format"])
    fields = json.loads(sample)
    assert {"requestId", "status", "resourcePath", "responseLatency", "integrationLatency", "xrayTraceId"} <= set(fields)
    assert "\n" not in setting["Format"]
    # The account's logging role, when this stack sets it, exists before the stage (via the log group's tag).
    assert resources["ApiGatewayAccount"]["Condition"] == "CreatesApiGatewayLoggingRole"


def test_api_compresses_responses_for_clients_that_ask(resources):
    assert resources["ProductsApi"]["Properties"]["MinimumCompressionSize"] == 1024


def test_reserved_concurrency_is_optional(template, function):
    assert template["Parameters"]["ReservedConcurrency"]["Default"] == -1
    assert function["Properties"]["ReservedConcurrentExecutions"] == CfnTag(
        "If", ["HasReservedConcurrency", CfnTag("Ref", "ReservedConcurrency"), CfnTag("Ref", "AWS::NoValue")])


def test_function_metrics_use_powertools_variables(template, function):
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables["POWERTOOLS_SERVICE_NAME"] == "products"
    assert variables["POWERTOOLS_METRICS_NAMESPACE"] == CfnTag("Ref", "MetricsNamespace")
    assert template["Parameters"]["MetricsNamespace"]["Default"] == "ProductsApi"


def test_dashboard_shows_emf_lambda_api_and_table_metrics(resources):
    body, variables = resources["ProductsDashboard"]["Properties"]["DashboardBody"].value
    substituted = re.sub(r"\$\{[^}]+\}", "x", body)
    dashboard = json.loads(substituted)
    text = json.dumps(dashboard)
    for namespace in ("AWS/Lambda", "AWS/ApiGateway", "AWS/DynamoDB"):
        assert namespace in text
    for metric in EMF_METRICS:
        assert metric in text, metric
    assert "${MetricsNamespace}" in body and "${ProductsFunction}" in body and "${ProductsTable}" in body
    alarm_widget = next(w for w in dashboard["widgets"] if w["type"] == "alarm")
    assert len(alarm_widget["properties"]["alarms"]) == len(ALARMS)
    assert variables["ApiName"] == resources["ProductsApi"]["Properties"]["Name"]


def test_outputs_add_the_alias_dashboard_and_topic(template):
    outputs = template["Outputs"]
    assert outputs["LiveAlias"]["Value"] == CfnTag("Ref", "ProductsFunction.Alias")
    assert "dashboards:name=${ProductsDashboard}" in outputs["DashboardUrl"]["Value"].value
    assert outputs["AlarmTopic"]["Condition"] == "HasAlarmEmail"
    assert outputs["AlarmTopic"]["Value"] == CfnTag("Ref", "AlarmTopic")


def test_function_role_is_still_least_privilege_after_expansion(expanded):
    """SAM adds only the basic logging and X-Ray write policies; the inline policy is the table's actions."""
    role = expanded["ProductsFunctionRole"]["Properties"]
    managed = {arn.rsplit("/", 1)[-1] for arn in role["ManagedPolicyArns"]}
    assert managed == {"AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess"}
    actions = set()
    for policy in role["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            action = statement["Action"]
            actions.update([action] if isinstance(action, str) else action)
    # The table's actions, and reading the cursor key's secret (authentication's template block).
    assert actions == {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan",
                       "secretsmanager:GetSecretValue"}
