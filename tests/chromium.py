"""What the browser tests share: where Chromium is, whether it can run here, and what to do when it
can't. A missing browser skips a browser test with a one-line reason, except under CI=true, where
it fails."""
import contextlib, importlib, os, sys, time
from pathlib import Path
import pytest

CHROMIUM = os.environ.get('CNNCOURSE_CHROMIUM', '/usr/bin/chromium')

def browser_missing() -> str | None:
    "Why a browser test can't run here, or None."
    if not Path(CHROMIUM).exists():
        return (f'no Chromium at {CHROMIUM}. Enable it with `apt-get install chromium` '
                '(Debian/Ubuntu) or point CNNCOURSE_CHROMIUM at a Chromium binary')
    try:
        importlib.import_module('playwright.sync_api')
    except ImportError:
        return 'no playwright: `pip install -e ".[dev]"` installs it'
    return None

def require_browser(what: str = 'browser test'):
    """Skip `what` (saying why) where it can't run; under CI=true a missing browser is a failure,
    not a skip."""
    if why := browser_missing():
        if os.environ.get('CI') == 'true':
            pytest.fail(f'{what} cannot run under CI: {why}')
        pytest.skip(f'{what} skipped: {why}')

def say(*a):
    "Progress on the terminal (run pytest with -s to see it): the browser tests take minutes."
    print(time.strftime('%H:%M:%S'), *a, file=sys.stderr, flush=True)

@contextlib.contextmanager
def launched(what: str = 'browser test'):
    """Headless Chromium, offline-minded (no background networking, updates or sync), closed
    afterwards."""
    require_browser(what)
    from playwright import sync_api
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'])
        try:
            yield browser
        finally:
            browser.close()
