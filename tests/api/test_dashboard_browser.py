"""Issue 22 item 4: the `/dashboard` page in a real browser — Debian's chromium, headless, driven by
Selenium against the sidecar under uvicorn. Log in, pick a client, read the leaderboard and compare
it with `GET /api/insta/rekap-likes` (API-84), download the Excel recap, and save screenshots of each
page at desktop and phone width (`CICERO_SCREENSHOT_DIR`, default: the test's tmp dir).

Skipped only outside CI when chromium is not installed; in CI (`CI` set, `.ci/run` installs
chromium and chromium-driver when missing) a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openpyxl
import pytest

from bot.api.app import create_app
from tests.api import analytics_world
from tests.api.conftest import PASSWORD, table_mx
from tests.api.live import served

analytics = analytics_world.analytics

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not os.environ.get("CI") and not (CHROMIUM and DRIVER):
    pytest.skip("chromium/chromedriver not installed (CI installs them)", allow_module_level=True)

from selenium import webdriver  # noqa: E402 - after the skip: selenium is a dev extra
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

DESKTOP, PHONE = (1280, 900), (390, 844)


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    path = tmp_path / "unduhan"
    path.mkdir()
    return path


@pytest.fixture
def browser(downloads: Path) -> Iterator[webdriver.Chrome]:
    assert CHROMIUM and DRIVER, "CI: chromium and chromium-driver must be installed (.ci/run)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=id-ID"):  # fmt: skip
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def live(api_settings, analytics, tmp_path: Path) -> Iterator[str]:
    """The sidecar over this test's data set, on a real port (its own event loop and pools)."""
    settings = api_settings.model_copy(update={"cicero_data_dir": tmp_path})
    with served(create_app(settings=settings, mx_lookup=table_mx)) as base:
        yield base


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    out = Path(os.environ.get("CICERO_SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def wait_for_download(downloads: Path, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in downloads.iterdir() if p.suffix == ".xlsx"]
        if done and not list(downloads.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError("the workbook was not downloaded")


def shoot(driver: webdriver.Chrome, name: str, width: int, height: int, out: Path) -> Path:
    """A full-page screenshot at `width`: the window grows to the page's height first."""
    driver.set_window_size(width, height)
    time.sleep(0.3)
    full = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, max(height, min(int(full) + 120, 6000)))
    time.sleep(0.3)
    path = out / f"dashboard_{name}.png"
    driver.save_screenshot(str(path))
    return path


def wait_for_images(driver: webdriver.Chrome) -> None:
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script(
            "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
    )


async def test_dashboard_in_chromium(
    live: str, browser: webdriver.Chrome, downloads: Path, shots_dir: Path
) -> None:
    out = shots_dir
    wait = WebDriverWait(browser, 30)

    browser.get(f"{live}/dashboard")
    wait.until(ec.presence_of_element_located((By.ID, "login-form")))  # redirected to the login form
    shots = [shoot(browser, "login_desktop", *DESKTOP, out), shoot(browser, "login_phone", *PHONE, out)]
    browser.set_window_size(*DESKTOP)
    browser.find_element(By.ID, "username").send_keys("admin.uji")
    browser.find_element(By.ID, "password").send_keys("salah-sekali")
    browser.find_element(By.ID, "login-submit").click()
    wait.until(lambda d: d.find_element(By.ID, "login-message").text not in ("", "Memproses…"))
    assert browser.current_url.endswith(
        "/dashboard/login"
    )  # a wrong password stays on the form, with a reason
    browser.find_element(By.ID, "password").clear()
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-submit").click()
    wait.until(ec.presence_of_element_located((By.ID, "client-select")))

    # Pick POLRES_A (the admin sees every client; the picker submits itself on change).
    Select(browser.find_element(By.ID, "client-select")).select_by_value("POLRES_A")
    wait.until(lambda d: "client_id=POLRES_A" in d.current_url)
    wait.until(ec.presence_of_element_located((By.ID, "leaderboard")))
    wait_for_images(browser)

    rows = browser.find_elements(By.CSS_SELECTOR, "#leaderboard tbody tr[data-key]")
    page = {
        r.get_attribute("data-key"): [c.text for c in r.find_elements(By.CSS_SELECTOR, "td")][2:7]
        for r in rows
    }
    async with httpx.AsyncClient(base_url=live) as api:
        token = (
            await api.post("/api/auth/dashboard-login", json={"username": "admin.uji", "password": PASSWORD})
        ).json()["token"]
        res = await api.get(
            "/api/insta/rekap-likes",
            params={"client_id": "POLRES_A"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert res.status_code == 200, res.text
    recap = res.json()["data"]
    want = {
        d["divisi"]: [str(d[k]) for k in ("total_user", "lengkap", "kurang", "belum", "tanpa_username")]
        for d in recap["chart"]["divisions"]
    }
    assert page == want and page
    assert browser.find_element(By.ID, "sum-total").text == str(recap["summary"]["total_user"])
    shown = {
        r.get_attribute("data-user")
        for r in browser.find_elements(By.CSS_SELECTOR, "#not-engaged tr[data-user]")
    }
    assert shown == {m["user_id"] for m in recap["members"] if m["status"] in ("belum", "no_username")}

    shots += [shoot(browser, "desktop", *DESKTOP, out), shoot(browser, "phone", *PHONE, out)]
    # At phone width nothing sticks out of the viewport but the scrollable tables' own content.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
    browser.set_window_size(*DESKTOP)

    browser.find_element(By.ID, "download").click()
    book_path = wait_for_download(downloads)
    assert book_path.name.startswith("Rekap_Engagement_Instagram_")
    assert openpyxl.load_workbook(book_path).sheetnames
    for shot in shots:
        assert shot.stat().st_size > 5000, shot
