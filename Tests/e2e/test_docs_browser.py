"""Swagger UI at /docs in a real browser (headless Chromium from Debian, driven by selenium): the page lists
every operation of docs/openapi.yaml, and "Try it out" on GET /health and on a create reaches the real
bootstrap and shows its answers. Screenshots are kept in .build/test-artifacts/ (docs-overview.png, the page as
it opens, is what docs/images/swagger-ui.png (shown in docs/local.md) was copied from; docs-swagger-ui.png after the tries)."""

from __future__ import annotations

import json
import os
import shutil
import uuid

import pytest
import requests
import yaml

from tools.local.api_gateway import LocalAPI
from tools.local.docs_ui import DocsUI

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTIFACTS = os.path.join(PACKAGE_ROOT, ".build", "test-artifacts")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# Swagger UI renders asynchronously: every wait is bounded by this, none is a fixed sleep.
WAIT_SECONDS = 60

os.environ.setdefault("SE_OFFLINE", "true")  # selenium must use Debian's driver, never download one

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def documented_operations() -> dict[str, tuple[str, str]]:
    with open(os.path.join(PACKAGE_ROOT, "docs", "openapi.yaml"), encoding="utf-8") as file:
        document = yaml.safe_load(file)
    return {
        operation["operationId"]: (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    }


@pytest.fixture(scope="module")
def docs_api(stack):
    """The template's routes in front of the shared bootstrap, with the docs page, as `make run` serves them."""
    api = LocalAPI(stack.runtime.invoke, port=0, routes=stack.function.routes, log=lambda line: None,
                   # Writes need a token: the page's Authorize box is filled from the local issuer, as `make run` does.
                   local_routes=[DocsUI(token=lambda: stack.issuer.mint()).serve]).start()
    yield api.url
    api.stop()


@pytest.fixture(scope="module")
def browser():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: scripts/install-system-deps.sh installs chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,2600",
                     "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    yield driver
    driver.quit()


def wait(driver):
    return WebDriverWait(driver, WAIT_SECONDS)


def operation_block(driver, operation_id: str):
    # Swagger UI ids: operations-<tag>-<operationId>; the document has no tags, so the tag is "default".
    return wait(driver).until(EC.presence_of_element_located((By.ID, f"operations-default-{operation_id}")))


def try_it_out(driver, operation_id: str, body: str | None = None) -> tuple[str, str]:
    """Expands the operation, presses "Try it out" (editing the body if given) and "Execute"; the status and the
    body Swagger UI shows for the live response."""
    block = operation_block(driver, operation_id)
    driver.execute_script("arguments[0].scrollIntoView()", block)
    block.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    wait(driver).until(lambda _: block.find_elements(By.CSS_SELECTOR, ".try-out__btn"))[0].click()
    if body is not None:
        editor = wait(driver).until(lambda _: block.find_elements(By.CSS_SELECTOR, "textarea.body-param__text"))[0]
        editor.clear()
        editor.send_keys(body)
    wait(driver).until(lambda _: block.find_elements(By.CSS_SELECTOR, "button.execute"))[0].click()
    status_cell = wait(driver).until(lambda _: [cell for cell in block.find_elements(
        By.CSS_SELECTOR, ".live-responses-table .response .response-col_status") if cell.text.strip()])[0]
    text = block.find_element(By.CSS_SELECTOR, ".live-responses-table .response-col_description pre").text
    return status_cell.text.strip(), text


def test_the_docs_page_lists_every_operation_and_tries_health_and_a_create(docs_api, browser):
    browser.get(f"{docs_api}/docs")
    operations = documented_operations()
    wait(browser).until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, ".opblock")) >= len(operations))
    shown = {}
    for block in browser.find_elements(By.CSS_SELECTOR, ".opblock"):
        method = block.find_element(By.CSS_SELECTOR, ".opblock-summary-method").text.strip()
        path = block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path")
        shown[block.get_attribute("id").removeprefix("operations-default-")] = (method, path)
    assert shown == operations
    os.makedirs(ARTIFACTS, exist_ok=True)
    browser.set_window_size(1400, 1250)  # the description and every route, for docs/images/swagger-ui.png (docs/local.md)
    assert browser.save_screenshot(os.path.join(ARTIFACTS, "docs-overview.png"))
    browser.set_window_size(1400, 2600)

    status, text = try_it_out(browser, "getHealth")
    assert status == "200", text
    assert json.loads(text)["status"] == "ok"

    name = f"Browser lamp {uuid.uuid4().hex[:8]}"
    status, text = try_it_out(browser, "createProduct", json.dumps({"name": name, "price": 12.5, "category": "browser-test"}))
    assert status == "201", text
    product = json.loads(text)
    assert product["name"] == name and product["version"] == 1
    # The create really happened, in the table the function uses.
    stored = requests.get(f"{docs_api}/products/{product['productId']}", timeout=30)
    assert stored.status_code == 200 and stored.json()["name"] == name

    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(os.path.join(ARTIFACTS, "docs-swagger-ui.png"))


def test_the_docs_assets_are_served_locally_and_nothing_else(docs_api):
    page = requests.get(f"{docs_api}/docs", timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "http" not in page.text.split("<body>")[1]  # every asset is local: no CDN
    script = requests.get(f"{docs_api}/docs/swagger-ui-bundle.js", timeout=30)
    assert script.status_code == 200 and len(script.content) > 100_000
    assert requests.get(f"{docs_api}/docs/../template.yaml", timeout=30).status_code in (403, 404)
    assert requests.get(f"{docs_api}/docs/index.j2", timeout=30).status_code == 404
    initializer = requests.get(f"{docs_api}/docs/initializer.js", timeout=30).text
    assert '"/openapi.json"' in initializer
