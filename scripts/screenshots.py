"""Regenerate the README's pictures, ``docs/screenshots/*.png``, from a sample candidate.

Starts the app with ``streamlit run`` (a throw-away data folder), drives Debian's Chromium the
way a user would, and saves:

- ``home.png``, ``profile.png``, ``draft.png`` (findings highlighted) and ``compare.png`` (two
  variants and the chart) at 1280 px wide;
- ``draft-phone.png`` at phone width (390 px);
- one picture for every other page in the navigation, named after its address
  (``sequence.png``, ``training.png``, ...), so new pages are covered without editing this file;
- with ``--phone``, every page again at 390 px (``home-phone.png``, ``workspace-phone.png``, ...);
- with ``--first-day PREFIX``, only the first-day journey (Home, a sample on Draft, Saved work)
  at 1280 and 390 px, and ``PREFIX.png``: the three phone pictures side by side.

Every picture is saved with 256 colours (a third of the bytes).

    .venv/bin/python scripts/screenshots.py                  # all of them
    .venv/bin/python scripts/screenshots.py --only draft compare
    .venv/bin/python scripts/screenshots.py --phone --out /tmp/shots   # look at every page on a phone
    .venv/bin/python scripts/screenshots.py --app-dir /tmp/old-checkout --out /tmp/before  # an older version

Look at every picture before committing it. Needs ``apt-get install -y chromium``.
"""

from __future__ import annotations

import argparse
import contextlib
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
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

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
    with contextlib.suppress(PlaywrightTimeout):  # a widget still drawing is a grey placeholder
        page.locator('[data-testid="stSkeleton"]').first.wait_for(state="detached", timeout=10_000)
    page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
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
    optimise(path)
    page.set_viewport_size({"width": width, "height": 900})
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    print(f"saved {shown} ({width}x{height})", flush=True)
    return path


def optimise(path: Path) -> None:
    """Keep a picture small: 256 colours are plenty for an app's screen, and a third the bytes.
    (Pillow comes with Streamlit.)"""
    from PIL import Image

    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def side_by_side(paths: list[Path], out: Path, *, height: int = 1100, gap: int = 16) -> None:
    """The top ``height`` pixels of each picture in a row, on the app's background colour."""
    from PIL import Image

    images = [Image.open(p).convert("RGB") for p in paths]
    row = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) - 1), height), "#D0D5DD")
    x = 0
    for im in images:
        row.paste(im.crop((0, 0, im.width, min(height, im.height))), (x, 0))
        x += im.width + gap
    row.save(out)
    optimise(out)
    print(f"saved {out.relative_to(REPO_ROOT) if out.is_relative_to(REPO_ROOT) else out}", flush=True)


def open_sample(app: StreamlitPage) -> None:
    from playwright.sync_api import expect

    with app.rerun():
        app.key(f"home_sample_{SAMPLE_ID}").get_by_role("button").click()
    expect(app.editor).not_to_have_value("")
    expect(app.main.locator(".pe-back .pe-m").first).to_be_visible()
    app.wait_scored()
    expect(app.metric("Overall score")).to_be_visible()
    # The first save says once to bookmark the link (see first_day); the page pictures leave it out.
    got_it = app.main.get_by_role("button", name="Got it")
    if got_it.count():
        with app.rerun():
            got_it.first.click()


def save_variant(app: StreamlitPage, name: str) -> None:
    app.enter_text(app.key("draft_variant_name").locator("input"), name)
    with app.rerun():
        app.key("draft_save_variant").get_by_role("button").click()


def first_day(browser, server: StreamlitServer, out_dir: Path, prefix: str) -> None:
    """The first-day journey a new recruiter takes, at 1280 and 390 px: Home, a sample on Draft,
    then Saved work (where the link to come back is). Waits only for Streamlit, not for this
    version's editor, so an older checkout (``--app-dir``) can be pictured the same way."""
    for width, viewport in (("1280", DESKTOP), ("390", PHONE)):
        context = browser.new_context(viewport=viewport, has_touch=viewport is PHONE, is_mobile=viewport is PHONE)
        app = StreamlitPage(context.new_page(), server.url)
        app.open()
        shoot(app, f"{prefix}-home-{width}", out_dir, width=viewport["width"], max_height=1500)
        app.page.set_viewport_size(viewport)
        with app.rerun():
            app.key(f"home_sample_{SAMPLE_ID}").get_by_role("button").first.click()
        app.page.wait_for_url("**/draft**")
        app.wait_idle()
        shoot(app, f"{prefix}-draft-{width}", out_dir, width=viewport["width"], max_height=1500)
        app.page.set_viewport_size(viewport)
        if app.nav_link_locator().count():
            app.nav("Saved work")
        else:  # before the app drew its own menu (issue 14): Streamlit's, opened as a user does
            expand = app.page.locator('[data-testid="stExpandSidebarButton"]')
            if expand.is_visible():
                expand.click()
            with app.rerun():
                app.page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Saved work").first.click()
        shoot(app, f"{prefix}-workspace-{width}", out_dir, width=viewport["width"], max_height=1500)
        context.close()
    # The journey on a phone in one picture: Home, the sample on Draft, Saved work.
    side_by_side([out_dir / f"{prefix}-{name}-390.png" for name in ("home", "draft", "workspace")],
                 out_dir / f"{prefix}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--only", nargs="*", help="names to (re)generate, e.g. home draft-phone sequence")
    parser.add_argument("--phone", action="store_true", help="also every page at 390 px (<page>-phone.png)")
    parser.add_argument("--first-day", metavar="PREFIX",
                        help="only the first-day journey (Home, Draft, Saved work at 1280 and 390 px), "
                        "saved as PREFIX-home-1280.png, ...")
    parser.add_argument("--app-dir", type=Path, default=REPO_ROOT,
                        help="run the app from this checkout (an older version, for before-and-after pictures)")
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

    with StreamlitServer(cwd=args.app_dir) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium)
        if args.first_day:
            first_day(browser, server, args.out, args.first_day)
            browser.close()
            return
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
        if args.phone:
            app.page.set_viewport_size(PHONE)
            for label, href in app.nav_links():
                slug = urlparse(href).path.strip("/") or "home"
                if want(f"{slug}-phone"):
                    app.nav(label)
                    shoot(app, f"{slug}-phone", args.out, width=PHONE["width"], max_height=2400)
                    app.page.set_viewport_size(PHONE)
        browser.close()


if __name__ == "__main__":
    main()
