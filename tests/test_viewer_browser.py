"""The case viewer in a real headless Chromium (Debian `chromium` + `chromium-driver`, through
Selenium): it loads with no console errors, both players seek to the aligned times of each
group, stepping keeps them in step, and a screenshot is taken. Skips only when no browser or
driver is installed (.ci/run installs them)."""
from __future__ import annotations

import dataclasses
import math
import os
import shutil
import statistics
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
try:
    import selenium  # noqa: F401
    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not (CHROMIUM and DRIVER and HAVE_SELENIUM),
    reason="no headless browser: needs Debian packages chromium and chromium-driver and the "
           "selenium package (pip install vidforensics[test]); .ci/run installs them")]

OTHER = "clip\u202e4pm.webm"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")


@pytest.fixture(scope="module")
def viewer_case(tmp_path_factory, samples):
    import vidforensics
    from vidforensics.config import AnalysisConfig
    work = tmp_path_factory.mktemp("viewer_case")
    (work / "media").mkdir()
    shutil.copy(samples / "montage.mp4", work / "media" / "montage.mp4")
    # a right-to-left override in a file name: the page must show it as <U+202E>, not obey it
    shutil.copy(samples / "other.webm", work / "media" / OTHER)
    cfg = AnalysisConfig().replace(people__enabled=False, report__pdf=False)
    old = os.getcwd()
    os.chdir(work)                     # relative paths, so that the case can be moved with its media
    try:
        result = vidforensics.analyze(["media/montage.mp4", f"media/{OTHER}"], "case", config=cfg)
    finally:
        os.chdir(old)
    assert result.repeated_segments, "the sample media must give repeated-segment groups"
    return work / "case", result


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.binary_location = CHROMIUM
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(DRIVER))
    yield driver
    driver.quit()


def _wait(driver, script: str, timeout: float = 30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def _players(driver) -> dict:
    return driver.execute_script(
        "const a=document.getElementById('video-a'), b=document.getElementById('video-b');"
        "return {ta:a.currentTime, tb:b.currentTime, wa:a.videoWidth, wb:b.videoWidth,"
        "ra:a.readyState, rb:b.readyState, ea:a.error&&a.error.code, eb:b.error&&b.error.code,"
        "text_a:document.getElementById('time-a').textContent};")


def _frame(info, t: float) -> int:
    return math.floor((t - float(info.start_pts * info.time_base)) * float(info.frame_rate) + 1e-6)


def test_viewer_plays_members_in_step(viewer_case, browser, tmp_path):
    from vidforensics.text import BIDI_CONTROLS
    from vidforensics.viewer import check_inputs, fragment
    case, result = viewer_case
    page = case / "viewer.html"
    assert page.is_file()
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text        # nothing fetched from a network
    browser.get(page.resolve().as_uri() + fragment(check_inputs(result, case)))
    _wait(browser, "return window.vf !== undefined")
    assert "matched the recorded one" in browser.find_element("id", "inputs").text
    assert "clip<U+202E>4pm.webm" in browser.find_element("id", "inputs").text

    for g in result.repeated_segments:
        pair = g.evidence["pairs"][0]
        ia, ib = pair["a"], pair["b"]
        ina, inb = result.info(g.members[ia].video), result.info(g.members[ib].video)
        fa, fb = float(ina.frame_rate), float(inb.frame_rate)
        browser.execute_script(f"vf.showGroup({g.id!r}, {ia}, {ib})")
        s = pair["samples"][len(pair["samples"]) // 2]
        browser.execute_script(f"vf.seekFrame({_frame(ina, s['a_time_s'])})")
        _wait(browser, "return vf.settled()")
        p = _players(browser)
        assert p["ea"] is None and p["eb"] is None and p["wa"] > 0 and p["wb"] > 0, p
        # each player shows the frame of the recorded aligned pair (seeked to its middle)
        assert abs(p["ta"] - (s["a_time_s"] + 0.5 / fa)) < 0.5 / fa + 1e-3, (g.id, p, s)
        # b: the group's speed and offset (median over the recorded aligned pairs), to the frame
        speed = (pair.get("transform") or {}).get("speed_ratio") or 1.0
        offset = statistics.median(x["b_time_s"] - speed * x["a_time_s"] for x in pair["samples"])
        a_start = _frame(ina, s["a_time_s"]) / fa + float(ina.start_pts * ina.time_base)
        want_b = _frame(inb, offset + speed * a_start) / fb + float(inb.start_pts * inb.time_base)
        assert abs(p["tb"] - (want_b + 0.5 / fb)) < 1e-3, (g.id, p, want_b)
        assert abs(want_b - s["b_time_s"]) < 0.25, (want_b, s)     # near the recorded pair
        assert f"frame {_frame(ina, s['a_time_s'])}" in p["text_a"]
        page_text = browser.execute_script("return document.body.innerText")
        assert not set(page_text) & BIDI_CONTROLS and "<U+202E>" in page_text, g.id
        # stepping five frames moves both by five frames of member a (times the speed for b)
        for _ in range(5):
            browser.find_element("id", "step-fwd").click()
        _wait(browser, "return vf.settled()")
        q = _players(browser)
        assert abs((q["ta"] - p["ta"]) - 5 / fa) < 1e-3, (p, q)
        assert abs((q["tb"] - p["tb"]) - 5 / fa * speed) < 1.0 / fb + 1e-3, (p, q)
        browser.find_element("id", "step-back").click()
        _wait(browser, "return vf.settled()")
        assert abs(_players(browser)["ta"] - (q["ta"] - 1 / fa)) < 1e-3

    browser.execute_script(f"vf.showGroup({result.repeated_segments[0].id!r})")
    _wait(browser, "return vf.settled()")
    time.sleep(0.3)
    shot = tmp_path / "viewer.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    screens = Path("/work/screens")
    if screens.is_dir() and os.access(screens, os.W_OK):       # a copy for the reviewer, where one is kept
        shutil.copy(shot, screens / "viewer-issue13.png")
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == [], errors


def test_viewer_says_when_an_input_is_missing(viewer_case, browser, tmp_path):
    """The case moved with its media, one input deleted: the page says so (check and player)."""
    from vidforensics.result import load
    from vidforensics.viewer import check_inputs, fragment, viewer_html
    case, _ = viewer_case
    work = tmp_path / "moved"
    shutil.copytree(case.parent, work, ignore=shutil.ignore_patterns("cache"))
    (work / "media" / "montage.mp4").unlink()
    res = load(work / "case")
    (work / "case" / "viewer.html").write_text(viewer_html(res, work / "case"), encoding="utf-8")
    check = check_inputs(res, work / "case")
    assert check["status"] == ["missing", "matches"]
    browser.get((work / "case" / "viewer.html").resolve().as_uri() + fragment(check))
    _wait(browser, "return window.vf !== undefined")
    _wait(browser, "return vf.playable()[0] !== null && document.getElementById('inputs')"
                   ".textContent.includes('missing: not found')")
    text = browser.find_element("id", "inputs").text
    assert "not found when `vidforensics view` checked" in text
    assert "missing: not found at ../media/montage.mp4" in text
    browser.get_log("browser")         # the failed load is logged by the browser itself
