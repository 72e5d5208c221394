"""A lesson run the way a learner runs it: JupyterLab on localhost, opened in headless Chromium,
Run > Run All Cells, then a look at what the page shows, and for lesson 01 a number typed into its kernel
editor (an ipywidgets explorer), which must redraw its picture. Needs Debian's `chromium` and the
`playwright` Python package (in the `dev` extra); skipped, with a message, where chromium is missing, except under
CI=true, where a missing browser fails."""
import json, os, re, secrets, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
import pytest
from chromium import launched, require_browser, say

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT/'tests'/'screenshots'
# lesson -> what its page must show once every cell has run
PANEL = '.jp-NotebookPanel:visible'   # the notebook in front: every query below looks inside it alone
LESSONS = {'01_kernels': dict(min_images=8, table=None, explorer=True),
           '03a_learner': dict(min_images=3, table='train_loss')}

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='module')
def lab():
    "A JupyterLab server on localhost with a token, serving a temporary copy of the lessons."
    require_browser()
    work = Path(tempfile.mkdtemp(prefix='cnncourse-lab-'))
    for name in LESSONS:
        if (ROOT/'nbs'/f'{name}.ipynb').exists(): shutil.copy(ROOT/'nbs'/f'{name}.ipynb', work)
    settings = work/'.settings'/'@jupyterlab'/'notebook-extension'
    settings.mkdir(parents=True)
    # render every cell (JupyterLab 4 otherwise only renders the cells in view)
    (settings/'tracker.jupyterlab-settings').write_text(json.dumps({'windowingMode': 'none'}))
    notify = work/'.settings'/'@jupyterlab'/'apputils-extension'
    notify.mkdir(parents=True)  # no "news?" pop-up over the screenshot, and no fetching on an offline machine
    (notify/'notification.jupyterlab-settings').write_text(json.dumps({'fetchNews': 'false', 'checkForUpdates': False}))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work/'.settings'), JUPYTERLAB_WORKSPACES_DIR=str(work/'.workspaces'),
               OMP_NUM_THREADS='1')  # a fresh layout: no tabs restored from an earlier session
    log = open(work.with_name(work.name + '.log'), 'w')
    proc = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', '--ip=127.0.0.1', f'--port={port}',
                             f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={work}']
                            + (['--allow-root'] if hasattr(os, 'geteuid') and os.geteuid() == 0 else []),
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f'http://127.0.0.1:{port}'
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f'{base}/api/status?token={token}', timeout=1); break
            except OSError:
                if proc.poll() is not None: break
                time.sleep(0.5)
        else: pytest.fail(f'JupyterLab did not start; its log:\n{Path(log.name).read_text()[-2000:]}')
        say(f'JupyterLab is up at {base}')
        yield base, token, work
    finally:
        proc.terminate(); proc.wait(timeout=30); log.close()
        shutil.rmtree(work, ignore_errors=True); Path(log.name).unlink(missing_ok=True)

@pytest.fixture(scope='module')
def browser():
    with launched() as b: yield b

def run_all(page, timeout_s: float) -> list:
    "Run > Run All Cells through the menu; wait until the kernel stays idle with no cell queued. Return the prompts."
    page.get_by_role('menuitem', name='Run', exact=True).click()
    page.locator('.lm-Menu-itemLabel', has_text=re.compile(r'^Run All Cells$')).click()
    prompts = lambda: [p.strip() for p in page.locator(f'{PANEL} .jp-CodeCell .jp-InputPrompt').all_inner_texts()]
    idle = lambda: page.locator(f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]').count() > 0
    deadline, quiet, t0 = time.time() + timeout_s, 0, time.time()
    while time.time() < deadline:
        page.wait_for_timeout(1000)
        ps = prompts()
        started = any(p != '[ ]:' for p in ps)
        if not started and time.time() - t0 > 120: pytest.fail('Run All Cells started nothing within 2 minutes')
        quiet = quiet + 1 if started and idle() and not any('*' in p for p in ps) else 0
        if quiet >= 3: return ps  # idle for three checks in a row: finished, or stopped at an error
    pytest.fail(f'cells still running after {timeout_s} s')

@pytest.mark.parametrize('lesson', list(LESSONS))
def test_lesson_runs_in_jupyterlab(lab, browser, lesson):
    base, token, work = lab
    if not (work/f'{lesson}.ipynb').exists(): pytest.skip(f'{lesson}.ipynb is not in nbs/')
    expect = LESSONS[lesson]
    page = browser.new_page(viewport={'width': 1280, 'height': 900})
    # a workspace of its own, reset: JupyterLab would otherwise restore the tabs of the lesson opened before,
    # and their hidden toolbars and cells would answer the queries below
    page.goto(f'{base}/lab/workspaces/{lesson}/tree/{lesson}.ipynb?reset&token={token}')
    page.wait_for_selector('.jp-Notebook .jp-Cell', state='attached', timeout=60_000)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    dialog = page.locator('.jp-Dialog', has_text='Select Kernel')
    try: dialog.wait_for(timeout=10_000)
    except PlaywrightTimeout: pass
    else: dialog.get_by_role('button', name='Select').click()  # what a learner clicks: the default Python 3 kernel
    page.wait_for_selector(f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=120_000)  # kernel ready
    say(f'{lesson}: opened; Run All Cells')
    prompts = run_all(page, timeout_s=900)
    say(f'{lesson}: kernel idle; checking the page')
    SHOTS.mkdir(exist_ok=True)
    page.keyboard.press('Control+s')  # save, so the outputs can be read back as the notebook file
    page.wait_for_timeout(3000)
    cells = json.loads((work/f'{lesson}.ipynb').read_text())['cells']
    error_text = [('\n'.join(o['traceback']))[-1500:] for c in cells for o in c.get('outputs', []) if o['output_type'] == 'error']
    images = page.locator(f'{PANEL} .jp-OutputArea-output img').count()
    target = page.locator('table:visible', has_text=expect['table']) if expect['table'] else page.locator('.jp-OutputArea-output img:visible')
    if target.count(): target.first.scroll_into_view_if_needed()  # the screenshot shows a plot, or the epoch table
    page.screenshot(path=str(SHOTS/f'{lesson}.png'))
    assert not error_text, f'{lesson}: cells show errors:\n' + '\n---\n'.join(error_text)
    not_run = [i for i, p in enumerate(prompts) if not re.fullmatch(r'\[\d+\]:', p)]
    assert not not_run, f'{lesson}: {len(not_run)} of {len(prompts)} code cells did not run, from code cell {not_run[0]} on'
    assert images >= expect['min_images'], f'{lesson}: {images} plots rendered, expected at least {expect["min_images"]}'
    if expect['table']:
        assert page.locator('table', has_text=expect['table']).count() >= 1, f'{lesson}: no epoch table on the page'
    if expect.get('explorer'):
        drive_kernel_editor(page, lesson)
    page.close()

def drive_kernel_editor(page, lesson: str):
    "Type a number into lesson 01's kernel editor, as a learner does, and see its picture change."
    editor = page.locator(f'{PANEL} .widget-vbox', has=page.locator('.widget-text input')).first
    editor.scroll_into_view_if_needed()
    picture = editor.locator('.widget-output img').first
    picture.wait_for(timeout=60_000)
    before = picture.get_attribute('src')
    box = editor.locator('.widget-text input').nth(4)   # the kernel's centre
    box.fill('5')
    box.press('Enter')
    deadline = time.time() + 60
    while time.time() < deadline and editor.locator('.widget-output img').first.get_attribute('src') == before:
        page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS/f'{lesson}-kernel-editor.png'))
    assert editor.locator('.widget-output img').first.get_attribute('src') != before, \
        f'{lesson}: the kernel editor did not redraw after an edit'
    say(f'{lesson}: the kernel editor redrew after an edit')
