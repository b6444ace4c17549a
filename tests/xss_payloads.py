"""Markup that must never run: shared by the escaping tests and the bad-input browser journey.

Each payload sets ``window.__xss`` if a browser ever runs it.
"""

XSS_NAME = "Eve <script>window.__xss='script'</script><img src=x onerror=\"window.__xss='name'\">"
XSS_BODY = (
    "Hi Eve <img src=x onerror=\"window.__xss='body'\">,\n\n<b>Your</b> ward audit cut falls by a third. "
    "<svg onload=\"window.__xss='svg'\"></svg> Would you be open to a short call next week?"
)
XSS_VARIANT = "<img src=x onerror=\"window.__xss='variant'\">"
XSS_ALL = (XSS_NAME, XSS_BODY, XSS_VARIANT)
