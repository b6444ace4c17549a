"""Regenerate the README's pictures, ``docs/screenshots/*.png``, from a sample candidate.

Starts the app with ``streamlit run`` (a throw-away data folder), drives Debian's Chromium the
way a user would, and saves:

- ``home.png``, ``profile.png``, ``draft.png`` (findings highlighted) and ``compare.png`` (two
  variants and the chart) at 1280 px wide;
- ``draft-phone.png`` at phone width (390 px);
- one picture for every other page in the navigation, named after its address
  (``sequence.png``, ``training.png``, ...), so new pages are covered without editing this file.

    .venv/bin/python scripts/screenshots.py                  # all of them
    .venv/bin/python scripts/screenshots.py --only draft compare

Look at every picture before committing it. Needs ``apt-get install -y chromium``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))

from browser_harness import (  # noqa: E402
    AOIFE_SPECIFIC,
    DESKTOP,
    INSTALL_HINT,
    PHONE,
    StreamlitPage,
    StreamlitServer,
    find_chromium,
    launch_chromium,
)

OUT_DIR = REPO_ROOT / "docs" / "screenshots"
SAMPLE_ID = "icu-nurse-dublin"  # Aoife Brennan: her sample draft makes the usual mistakes
MAX_HEIGHT = 2200  # px; a README picture taller than this is a scroll, not a picture

SPECIFIC_SUBJECT = "Your sepsis tool, on eight wards"

# Passing notes and the "running" indicator would land in pictures at random.
HIDE_TRANSIENTS = """
[data-testid="stToastContainer"], [data-testid="stStatusWidget"] { display: none !important; }
* { caret-color: transparent !important; }
"""


def _content_height(page) -> int:
    """Height of everything on the page; Streamlit scrolls inside its own containers."""
    _painted(page)
    return page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('body, body *')].map(e => e.scrollHeight))"
    )


def _painted(page) -> None:
    """Wait until the browser has painted twice (layout settled after a render or a resize)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def shoot(app: StreamlitPage, name: str, out_dir: Path, *, width: int, max_height: int = MAX_HEIGHT) -> Path:
    """Resize the window to the page's full height (up to ``max_height``) and save a picture."""
    page = app.page
    app.wait_idle()
    page.add_style_tag(content=HIDE_TRANSIENTS)
    height = 0
    for _ in range(4):  # a taller window can re-flow the page; stop when the height holds
        wanted = min(max(_content_height(page), 600), max_height)
        if wanted == height:
            break
        height = wanted
        page.set_viewport_size({"width": width, "height": height})
    page.mouse.move(width - 2, height - 2)  # no hover effects (the sidebar's collapse arrow)
    app.wait_idle()
    _painted(page)
    path = out_dir / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": width, "height": 900})
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    print(f"saved {shown} ({width}x{height})", flush=True)
    return path


def open_sample(app: StreamlitPage) -> None:
    from playwright.sync_api import expect

    with app.rerun():
        app.key(f"home_sample_{SAMPLE_ID}").get_by_role("button").click()
    expect(app.editor).not_to_have_value("")
    expect(app.main.locator(".pe-back .pe-m").first).to_be_visible()


def save_variant(app: StreamlitPage, name: str) -> None:
    app.enter_text(app.key("draft_variant_name").locator("input"), name)
    with app.rerun():
        app.key("draft_save_variant").get_by_role("button").click()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--only", nargs="*", help="names to (re)generate, e.g. home draft-phone sequence")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(INSTALL_HINT)
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only or [])

    def want(name: str) -> bool:
        return not wanted or name in wanted

    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)  # a busy two-core machine can take long over a first run

    with StreamlitServer() as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium)
        context = browser.new_context(viewport=DESKTOP)
        app = StreamlitPage(context.new_page(), server.url)
        app.open()
        if want("home"):
            shoot(app, "home", args.out, width=DESKTOP["width"], max_height=1500)

        open_sample(app)
        if want("draft"):
            shoot(app, "draft", args.out, width=DESKTOP["width"])

        app.nav("Profile")
        if want("profile"):
            shoot(app, "profile", args.out, width=DESKTOP["width"], max_height=1400)

        # Two variants: the sample's first draft and a specific rewrite, then Compare.
        app.nav("Draft")
        save_variant(app, "First draft")
        if app.editor_subject.is_visible():
            app.enter_text(app.editor_subject, SPECIFIC_SUBJECT)
        app.enter_text(app.editor, AOIFE_SPECIFIC)
        save_variant(app, "Specific")
        app.nav("Compare")
        expect(app.main.locator('[data-testid="stVegaLiteChart"]')).to_be_visible()
        if want("compare"):
            shoot(app, "compare", args.out, width=DESKTOP["width"])

        # A learner name, so the training pages show their content rather than the name gate.
        learner = app.key("training_new_learner").locator("input")
        if any(label == "Training" for label, _ in app.nav_links()):
            app.nav("Training")
            if learner.count():
                learner.fill("Sam Taylor")
                with app.rerun():
                    app.key("training_start").get_by_role("button").click()

        # Every other page, with the sample loaded, named after its address.
        done = {"", "profile", "draft", "compare"}
        for label, href in app.nav_links():
            slug = urlparse(href).path.strip("/")
            if slug in done or not want(slug):
                continue
            app.nav(label)
            shoot(app, slug, args.out, width=DESKTOP["width"], max_height=1600)

        # Phone width: the Draft page with its highlights, as a recruiter on the move sees it.
        if want("draft-phone"):
            app.nav("Draft")
            app.page.set_viewport_size(PHONE)
            app.wait_idle()
            shoot(app, "draft-phone", args.out, width=PHONE["width"], max_height=1800)
        browser.close()


if __name__ == "__main__":
    main()
