"""Read-only sharing of training progress: what a facilitator following a learner may see.

A learner creates a share token on their Progress page and can revoke it; the facilitator
follows by that token. The token reads progress only: who learns in that workspace, what they
completed, their best scores, attempts and first picks. Never the learner's unfinished exercise
drafts, whom they follow in turn, or the workspace id (which would let anyone overwrite it).
"""

from __future__ import annotations

import re
from typing import Any

# What a learner's record may show to a follower: everything but the drafts in progress.
_HIDDEN_LEARNER_KEYS = ("work",)
# Share tokens are secrets.token_urlsafe(16): 22 URL-safe characters (128 bits).
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
SHARE_PARAM = "share"  # a share link is the Progress page with ?share=<token>


def progress_only(training: Any) -> dict:
    """The part of ``Workspace.training`` a share shows: the learners, without their drafts."""
    learners = training.get("learners") if isinstance(training, dict) else None
    if not isinstance(learners, dict):
        return {"learners": {}}
    return {
        "learners": {
            key: {k: v for k, v in value.items() if k not in _HIDDEN_LEARNER_KEYS}
            for key, value in learners.items()
            if isinstance(value, dict)
        }
    }


def share_token_from_link(text: str) -> str | None:
    """The token in a share link (``https://host/training_progress?share=TOKEN``) or a bare
    token; None for anything else, a workspace link (``?ws=``) included."""
    from urllib.parse import parse_qs, urlsplit

    text = (text or "").strip()
    if not text:
        return None
    if _TOKEN.fullmatch(text):
        return text
    if "?" not in text:
        return None
    values = parse_qs(urlsplit(text if "://" in text or text.startswith("?") else "?" + text.split("?", 1)[1]).query)
    found = values.get(SHARE_PARAM) or []
    return found[0] if found and _TOKEN.fullmatch(found[0]) else None


def strip_legacy_follows(training: Any) -> tuple[dict, list[str]]:
    """``training`` without the old "team" list (the workspace ids a facilitator followed by,
    which gave write access to those workspaces), and the ids that were in it."""
    if not isinstance(training, dict):
        return {}, []
    old = training.get("team")
    ids = [t for t in old if isinstance(t, str) and t] if isinstance(old, list) else []
    return {k: v for k, v in training.items() if k != "team"}, ids
