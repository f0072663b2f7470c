"""The real bootstrap through the local API Gateway, with `requests`: health, the router's 404/405/OPTIONS and
the CORS headers every answer carries."""

import requests

ORIGIN = "https://shop.example"


def test_health_answers_ok_with_cors_headers(api_url, runtime):
    response = requests.get(f"{api_url}/health", headers={"Origin": ORIGIN}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["status"] == "ok"
    assert body["functionName"] == runtime.function_name
    assert isinstance(body["requestId"], str) and body["requestId"]


def test_cold_start_is_reported_on_the_first_invocation_only(new_runtime, new_api):
    api = new_api(new_runtime())
    first = requests.get(f"{api.url}/health", timeout=30).json()
    second = requests.get(f"{api.url}/health", timeout=30).json()
    third = requests.get(f"{api.url}/health", timeout=30).json()
    assert (first["coldStart"], second["coldStart"], third["coldStart"]) == (True, False, False)
    assert len({first["requestId"], second["requestId"], third["requestId"]}) == 3


def test_a_path_the_template_does_not_list_reaches_the_router_as_a_404(api_url):
    """The template's catch-all `/{proxy+}` route: API Gateway's own 403 never shows."""
    response = requests.get(f"{api_url}/no-such-route", timeout=30)
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]["code"] == "NotFound"


def test_a_method_the_template_does_not_list_reaches_the_router_as_a_405(api_url):
    response = requests.delete(f"{api_url}/health", timeout=30)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_an_unknown_route_reaching_the_function_is_a_404_error_body(proxy_api_url):
    response = requests.get(f"{proxy_api_url}/no-such-route", headers={"Origin": ORIGIN}, timeout=30)
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["code"] == "NotFound"
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["requestId"], str) and error["requestId"]


def test_a_wrong_method_is_a_405_with_allow(proxy_api_url):
    response = requests.delete(f"{proxy_api_url}/health", timeout=30)
    assert response.status_code == 405
    assert "GET" in [method.strip() for method in response.headers["Allow"].split(",")]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]["code"] == "MethodNotAllowed"


def test_an_options_preflight_is_a_204_with_the_allowed_methods(api_url):
    response = requests.options(
        f"{api_url}/health",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "Content-Type"},
        timeout=30,
    )
    assert response.status_code == 204
    assert "GET" in [method.strip() for method in response.headers["Access-Control-Allow-Methods"].split(",")]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.content == b""


def test_the_api_keeps_serving_over_one_connection(api_url):
    with requests.Session() as session:
        statuses = [session.get(f"{api_url}/health", timeout=30).status_code for _ in range(5)]
    assert statuses == [200] * 5
