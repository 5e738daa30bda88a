"""Content-Security-Policy violations in the browser tests: every browser context the tests
open reports them, and a test during which the browser refused anything fails.

Chromium writes each refusal to the page's console ("Refused to execute inline script because
it violates the following Content Security Policy directive ..."), with JavaScript on or off;
with JavaScript on, the page's ``securitypolicyviolation`` events are reported as well, with
the directive and the blocked address."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Error as PlaywrightError

# Runs before the page's own scripts (Playwright injects it outside the page's policy).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "securitypolicyviolation: " + event.violatedDirective + " blocked "
    + (event.blockedURI || "inline") + " in " + event.documentURI
  );
});
"""


def is_violation(text: str) -> bool:
    return "Content Security Policy" in text or text.startswith("securitypolicyviolation: ")


class WatchedBrowser:
    """The session's browser, whose every new context records the policy's refusals in
    ``violations``. Anything else is passed to the browser itself."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self._contexts: list[Any] = []
        self.violations: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self._console)
        self._contexts.append(context)
        return context

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()

    def _console(self, message: Any) -> None:
        if message.type == "error" and is_violation(message.text):
            where = message.page.url if message.page is not None else "?"
            self.violations.append(f"{where}: {message.text}")

    def settle(self) -> None:
        """Let the console messages still on their way arrive: one round trip to each
        context that is still open."""
        for context in self._contexts:
            try:
                context.cookies()
            except PlaywrightError:  # a context the test closed already
                continue

    def close_contexts(self) -> None:
        for context in self._contexts:
            try:
                context.close()
            except PlaywrightError:  # closed already
                continue
        self._contexts.clear()
