"""A lesson run the way a learner runs it: JupyterLab on localhost, opened in headless Chromium,
Run > Run All Cells, then a look at what the page shows. Lesson 01 is a learner's copy, made
by `lesson_bytes` as `cnncourse lessons` makes it: its unsolved exercises say "not yet done" and it
runs on; then a wrong answer typed into exercise 01.3 must be called wrong, and a right one right,
and a number typed into its kernel editor (an ipywidgets explorer) must redraw its picture.
Lesson 03a is the master copy, solutions in. Needs Debian's `chromium` and the
`playwright` Python package (in the `dev` extra); skipped, with a message, where chromium is
missing, except under CI=true, where a missing browser fails."""
import json, os, re, secrets, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
import pytest
from chromium import launched, require_browser, say
from cnncourse.lessons import lesson_bytes

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT/'tests'/'screenshots'
# lesson -> what its page must show once every cell has run
# the notebook in front: every query below looks inside it alone
PANEL = '.jp-NotebookPanel:visible'
# an exercise the learner's copy stubs: typed in wrong, then right, each verdict seen on the page
BLUR = dict(key='01.3', stub='box_blur = TODO  # YOUR CODE HERE',
            wrong='box_blur = torch.ones(3, 3)', right='box_blur = torch.ones(3, 3) / 9')
LESSONS = {'01_kernels': dict(min_images=8, table=None, explorer=True, learner=True,
                              exercise=BLUR),
           '03a_learner': dict(min_images=1, table='train_loss', learner=False)}

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]

@pytest.fixture(scope='module')
def lab():
    "JupyterLab on localhost with a token, serving a temporary copy of each lesson."
    require_browser()
    work = Path(tempfile.mkdtemp(prefix='cnncourse-lab-'))
    for name, expect in LESSONS.items():
        master = ROOT/'nbs'/f'{name}.ipynb'
        if not master.exists():
            continue
        if expect['learner']:
            (work/master.name).write_bytes(lesson_bytes(master))  # what `cnncourse lessons` writes
        else:
            shutil.copy(master, work)
    settings = work/'.settings'/'@jupyterlab'/'notebook-extension'
    settings.mkdir(parents=True)
    # render every cell (JupyterLab 4 otherwise only renders the cells in view)
    (settings/'tracker.jupyterlab-settings').write_text(json.dumps({'windowingMode': 'none'}))
    notify = work/'.settings'/'@jupyterlab'/'apputils-extension'
    # no "news?" pop-up over the screenshot, and no fetching on an offline machine
    notify.mkdir(parents=True)
    (notify/'notification.jupyterlab-settings').write_text(
        json.dumps({'fetchNews': 'false', 'checkForUpdates': False}))
    port, token = free_port(), secrets.token_hex(16)
    # a fresh layout: no tabs restored from an earlier session
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work/'.settings'),
               JUPYTERLAB_WORKSPACES_DIR=str(work/'.workspaces'), OMP_NUM_THREADS='1')
    log = open(work.with_name(work.name + '.log'), 'w')
    root = ['--allow-root'] if hasattr(os, 'geteuid') and os.geteuid() == 0 else []
    proc = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', '--ip=127.0.0.1',
                             f'--port={port}', f'--IdentityProvider.token={token}',
                             f'--ServerApp.root_dir={work}'] + root,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f'http://127.0.0.1:{port}'
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f'{base}/api/status?token={token}', timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            tail = Path(log.name).read_text()[-2000:]
            pytest.fail(f'JupyterLab did not start; its log:\n{tail}')
        say(f'JupyterLab is up at {base}')
        yield base, token, work
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
        shutil.rmtree(work, ignore_errors=True)
        Path(log.name).unlink(missing_ok=True)

@pytest.fixture(scope='module')
def browser():
    with launched() as b:
        yield b

def run_all(page, timeout_s: float) -> list:
    """Run > Run All Cells through the menu; wait until the kernel stays idle with no cell queued.
    Return the prompts."""
    page.get_by_role('menuitem', name='Run', exact=True).click()
    page.locator('.lm-Menu-itemLabel', has_text=re.compile(r'^Run All Cells$')).click()
    prompts = lambda: [p.strip() for p in
                       page.locator(f'{PANEL} .jp-CodeCell .jp-InputPrompt').all_inner_texts()]
    indicator = f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]'
    idle = lambda: page.locator(indicator).count() > 0
    deadline, quiet, t0 = time.time() + timeout_s, 0, time.time()
    while time.time() < deadline:
        page.wait_for_timeout(1000)
        ps = prompts()
        started = any(p != '[ ]:' for p in ps)
        if not started and time.time() - t0 > 120:
            pytest.fail('Run All Cells started nothing within 2 minutes')
        quiet = quiet + 1 if started and idle() and not any('*' in p for p in ps) else 0
        if quiet >= 3:
            return ps  # idle for three checks in a row: finished, or stopped at an error
    pytest.fail(f'cells still running after {timeout_s} s')

@pytest.mark.parametrize('lesson', list(LESSONS))
def test_lesson_runs_in_jupyterlab(lab, browser, lesson):
    base, token, work = lab
    if not (work/f'{lesson}.ipynb').exists():
        pytest.skip(f'{lesson}.ipynb is not in nbs/')
    expect = LESSONS[lesson]
    page = browser.new_page(viewport={'width': 1280, 'height': 900})
    # a workspace of its own, reset: JupyterLab would otherwise restore the tabs of the lesson
    # opened before, and their hidden toolbars and cells would answer the queries below
    page.goto(f'{base}/lab/workspaces/{lesson}/tree/{lesson}.ipynb?reset&token={token}')
    page.wait_for_selector('.jp-Notebook .jp-Cell', state='attached', timeout=60_000)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    dialog = page.locator('.jp-Dialog', has_text='Select Kernel')
    try:
        dialog.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        pass
    else:
        # what a learner clicks: the default Python 3 kernel
        dialog.get_by_role('button', name='Select').click()
    # kernel ready
    page.wait_for_selector(f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]',
                           timeout=120_000)
    say(f'{lesson}: opened; Run All Cells')
    prompts = run_all(page, timeout_s=900)
    say(f'{lesson}: kernel idle; checking the page')
    SHOTS.mkdir(exist_ok=True)
    page.keyboard.press('Control+s')  # save, so the outputs can be read back as the notebook file
    page.wait_for_timeout(3000)
    cells = json.loads((work/f'{lesson}.ipynb').read_text())['cells']
    error_text = [('\n'.join(o['traceback']))[-1500:] for c in cells
                  for o in c.get('outputs', []) if o['output_type'] == 'error']
    images = page.locator(f'{PANEL} .jp-OutputArea-output img').count()
    if expect['table']:
        target = page.locator('table:visible', has_text=expect['table'])
    else:
        target = page.locator('.jp-OutputArea-output img:visible')
    if target.count():
        # the screenshot shows a plot, or the epoch table
        target.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS/f'{lesson}.png'))
    assert not error_text, f'{lesson}: cells show errors:\n' + '\n---\n'.join(error_text)
    not_run = [i for i, p in enumerate(prompts) if not re.fullmatch(r'\[\d+\]:', p)]
    assert not not_run, (f'{lesson}: {len(not_run)} of {len(prompts)} code cells did not run, '
                         f'from code cell {not_run[0]} on')
    assert images >= expect['min_images'], \
        f'{lesson}: {images} plots rendered, expected at least {expect["min_images"]}'
    if expect['table']:
        assert page.locator('table', has_text=expect['table']).count() >= 1, \
            f'{lesson}: no epoch table on the page'
    if expect.get('exercise'):
        answer_exercise(page, lesson, cells, expect['exercise'])
    if expect.get('explorer'):
        drive_kernel_editor(page, lesson)
    page.close()

def verdict(cell, status: str, key: str, timeout_s: float = 60) -> str:
    "Wait until `cell`'s output is `check`'s verdict `status` on exercise `key`; return its text."
    mark = {'right': '✓', 'wrong': '✗', 'not yet done': '…'}[status]
    start = f'{mark} Exercise {key}: {status}.'
    output = cell.locator('.jp-OutputArea-output')
    texts = []
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        texts = [t.strip() for t in output.all_inner_texts()]
        if any(t.startswith(start) for t in texts):
            return next(t for t in texts if t.startswith(start))
        cell.page.wait_for_timeout(500)
    pytest.fail(f'exercise {key}: expected a verdict starting {start!r}, '
                f'the cell shows {texts}')

def answer_exercise(page, lesson: str, cells: list, ex: dict):
    "Find exercise `ex`'s stub by its text; type a wrong answer, then a right one, as learners do."
    inputs = page.locator(f'{PANEL} .jp-CodeCell .jp-InputArea').all_inner_texts()
    found = [i for i, t in enumerate(inputs) if ex['stub'] in t]
    assert len(found) == 1, f'{lesson}: {len(found)} code cells hold {ex["stub"]!r}, expected one'
    cell = page.locator(f'{PANEL} .jp-CodeCell').nth(found[0])  # its text is about to change
    sources = [''.join(c['source']) for c in cells if c['cell_type'] == 'code']
    stubbed = next(s for s in sources if ex['stub'] in s)  # the whole cell, as the copy has it
    said = verdict(cell, 'not yet done', ex['key'])  # what Run All left: unsolved, and it ran on
    say(f'{lesson}: after Run All, exercise {ex["key"]} says {said!r}')
    for status in ('wrong', 'right'):
        editor = cell.locator('.cm-content')
        editor.scroll_into_view_if_needed()
        editor.click()
        page.keyboard.press('Control+a')
        page.keyboard.type(stubbed.replace(ex['stub'], ex[status]))
        page.keyboard.press('Shift+Enter')
        said = verdict(cell, status, ex['key'])
        cell.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS/f'{lesson}-exercise-{ex["key"]}-{status}.png'))
        say(f'{lesson}: typed {ex[status]!r}; the cell says {said!r}')

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
    drawn = lambda: editor.locator('.widget-output img').first.get_attribute('src')
    while time.time() < deadline and drawn() == before:
        page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS/f'{lesson}-kernel-editor.png'))
    assert editor.locator('.widget-output img').first.get_attribute('src') != before, \
        f'{lesson}: the kernel editor did not redraw after an edit'
    say(f'{lesson}: the kernel editor redrew after an edit')
