"""The course website: built from nbs/ with the README's command (`.ci/docs`, into _docs/), checked
as files, then served on localhost and opened in headless Chromium. Every page must load with no
console error, no failed request and no request that leaves localhost; images must be drawn, math
typeset, answers folded; every internal link must resolve; search must find a function by name.
Screenshots land in tests/screenshots/site-*.png.

The browser part needs Chromium (`tests/get-chromium`) and playwright, like test_browser.py: it is
skipped, saying why, where Chromium is missing, and fails instead under CI=true. The build and file
checks run everywhere."""
import functools, html, http.server, json, re, subprocess, threading, time
import urllib.parse, urllib.request
from html.parser import HTMLParser
from pathlib import Path
import pytest
from chromium import launched, say
from cnncourse.lessons import lesson_bytes

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT/'_docs'
NBS = ROOT/'nbs'
SHOTS = ROOT/'tests'/'screenshots'
LESSONS = sorted(p.stem for p in NBS.glob('*.ipynb')
                 if p.name != 'index.ipynb' and not p.name.startswith(('_', '.')))
WIDGET = 'application/vnd.jupyter.widget-view+json'
BASEURL = '/' + re.search(r'^doc_baseurl\s*=\s*(.*)$', (ROOT/'settings.ini').read_text(),
                          re.M).group(1).strip().strip('/')

def cells(stem: str) -> list:
    return json.loads((NBS/f'{stem}.ipynb').read_text(encoding='utf-8'))['cells']

def src(c) -> str:
    return ''.join(c['source'])

def directives(c) -> set:
    out = set()
    for l in src(c).splitlines():
        if m := re.match(r'\s*#\s*\|\s*([\w-]+)', l):
            out.add(m.group(1))
        elif l.strip():
            break
    return out

class Page(HTMLParser):
    "The ids, links, resources and visible text of one HTML file."
    def __init__(self, text):
        super().__init__()
        self.ids, self.links, self.loads, self.text, self._skip = set(), [], [], [], 0
        self.feed(text)
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'id' in a:
            self.ids.add(a['id'])
        if tag == 'a' and a.get('href'):
            self.links.append(a['href'])
        loads = ('img', 'script', 'iframe', 'source', 'audio', 'video', 'embed')
        if tag in loads and a.get('src'):
            self.loads.append(a['src'])
        if tag == 'link' and a.get('href') and a.get('rel') not in ('canonical',):
            self.loads.append(a['href'])
        if tag in ('script', 'style'):
            self._skip += 1
    def handle_endtag(self, tag):
        if tag in ('script', 'style'):
            self._skip = max(0, self._skip - 1)
    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

@functools.cache
def page(path: Path) -> Page:
    return Page(path.read_text(encoding='utf-8'))

def external(url: str) -> bool:
    return (bool(re.match(r'^([a-z][a-z0-9+.-]*:)?//', url, re.I))
            or url.startswith(('http:', 'https:')))

# --------------------------------------------------------------------------------- build and files
@pytest.fixture(scope='module')
def site():
    "The site, built by the README's command into _docs/."
    t0 = time.time()
    r = subprocess.run(['bash', str(ROOT/'.ci'/'docs')], cwd=ROOT, capture_output=True, text=True,
                       timeout=900)
    assert r.returncode == 0, f'`.ci/docs` failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}'
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    say(f'site built in {time.time() - t0:.0f} s: {last}')
    return SITE

def test_every_lesson_has_a_page(site):
    assert (site/'index.html').exists()
    for stem in LESSONS:
        p = page(site/f'{stem}.html')
        assert f'{stem}.ipynb' in p.links, f'{stem}: no download link to the notebook'
        download = (site/f'{stem}.ipynb').read_bytes()
        assert download == lesson_bytes(NBS/f'{stem}.ipynb'), \
            f"{stem}: the download is not the learner's copy"
    nav = page(site/'index.html').links
    order = [nav.index(f'{s}.html') for s in LESSONS]
    assert order == sorted(order), 'the navigation is not in lesson order'

def test_exercises_as_a_learner_meets_them(site):
    """Each exercise shows its stub, its solution folded under 'Show a solution', and no hidden
    test."""
    from cnncourse.lessons import BEGIN, BEGIN_HIDDEN, END_HIDDEN, STUB_NOTE
    seen = 0
    # the lessons; 80 up document the checks
    for stem in [s for s in LESSONS if s[0] in '01234567']:
        sources = [src(c) for c in cells(stem) if c['cell_type'] == 'code']
        solved = sum(BEGIN in s for s in sources)
        if not solved and not any(BEGIN_HIDDEN in s for s in sources):
            continue
        seen += 1
        flat = re.sub(r'\s+', ' ', html.unescape(''.join(page(site/f'{stem}.html').text)))
        assert BEGIN not in flat and BEGIN_HIDDEN not in flat, \
            f'{stem}: a solution or test marker is shown'
        assert flat.count('Show a solution') == solved, \
            f'{stem}: {solved} solutions, not each folded once'
        assert flat.count(STUB_NOTE) >= solved, f'{stem}: a stub is missing'
        for s in sources:   # the hidden tests themselves stay off the page
            hidden = s.partition(BEGIN_HIDDEN)[2].partition(END_HIDDEN)[0]
            hidden = re.sub(r'\s+', ' ', hidden).strip()
            assert not hidden or hidden not in flat, \
                f'{stem}: a hidden test is shown: {hidden[:200]}'
    assert seen >= 6, f'only {seen} lessons with exercises'

def test_hidden_cells_stay_hidden(site):
    """nbdev's directives as nbdev processes them: `#| hide` cells are gone, no `#|` line is shown,
    no widget debris."""
    for stem in LESSONS:
        text = html.unescape(''.join(page(site/f'{stem}.html').text))
        flat = re.sub(r'\s+', ' ', text)
        for c in cells(stem):
            if c['cell_type'] != 'code' or 'hide' not in directives(c):
                continue
            body = '\n'.join(l for l in src(c).splitlines() if not l.startswith('#|')).strip()
            assert re.sub(r'\s+', ' ', body) not in flat, \
                f'{stem}: a `#| hide` cell is on the page:\n{body[:300]}'
        assert not re.search(r'^\s*#\s*\|', text, re.M), \
            f'{stem}: a `#|` directive line is on the page'
        assert 'widget-view' not in text and 'Loading widget' not in text, \
            f'{stem}: widget debris on the page'

def test_reference_pages(site):
    """One page per module; every exported name documented (signature and docstring) and linked to
    its lesson."""
    import importlib
    modidx = importlib.import_module('cnncourse._modidx').d['syms']
    for full in modidx:
        mod = importlib.import_module(full)
        name = full.split('.', 1)[1]
        ref = site/'reference'/f'{name}.html'
        assert ref.exists(), f'no reference page for {full}'
        p = page(ref)
        text = re.sub(r'\s+', ' ', html.unescape(''.join(p.text)))
        for sym in mod.__all__:
            obj = getattr(mod, sym)
            assert sym.lower() in p.ids, f'{full}.{sym} is not on {ref.name}'
            # its docstring's first line, as rendered
            if callable(obj) and (doc := (obj.__doc__ or '').strip()):
                first = re.sub(r'`|\*\*', '', doc.splitlines()[0].strip())
                first = re.sub(r'\s+', ' ', first)[:40]
                assert first in text, \
                    f'{full}.{sym}: docstring ({first!r}) not on its reference page'
        lesson_links = [l for l in p.links if re.match(r'\.\./\w+\.html', l)]
        assert lesson_links, f'{ref.name} links no lesson'

def test_internal_links_resolve(site):
    """Every link and every resource of every page points at a file of the site, and every #anchor
    at an id there."""
    bad = []
    for f in sorted(site.rglob('*.html')):
        p = page(f)
        for url in p.links + p.loads:
            if external(url) or url.startswith(('mailto:', 'javascript:', 'data:')):
                continue
            path, _, frag = urllib.parse.unquote(url).partition('#')
            path = path.split('?')[0]
            if path.startswith(BASEURL + '/'):
                # 404.html: absolute, as on GitHub Pages
                path = str(site/path[len(BASEURL) + 1:])
            elif path.startswith('/'):
                bad.append(f'{f.relative_to(site)}: {url} (outside the site)')
                continue
            target = (f.parent/path).resolve() if path else f
            if target.is_dir():
                target = target/'index.html'
            if not target.exists():
                bad.append(f'{f.relative_to(site)}: {url} (no such file)')
                continue
            no_anchor = frag and target.suffix == '.html' and frag not in page(target).ids
            if no_anchor and not frag.startswith('__'):
                bad.append(f'{f.relative_to(site)}: {url} (no such anchor)')
    assert not bad, f'{len(bad)} broken internal links:\n' + '\n'.join(bad[:30])

def test_nothing_loads_from_the_internet(site):
    """No page, stylesheet or script of the site names a resource on another host (fonts, MathJax,
    scripts: all local)."""
    bad = [f'{f.relative_to(site)}: {u}' for f in site.rglob('*.html')
           for u in page(f).loads if external(u)]
    for css in site.rglob('*.css'):
        text = css.read_text(errors='ignore')
        urls = re.findall(r'url\(\s*["\']?((?:https?:)?//[^)"\']+)', text)
        bad += [f'{css.relative_to(site)}: {u}' for u in urls]
    assert not bad, 'resources from other hosts:\n' + '\n'.join(bad[:20])

def test_notebook_processing(tmp_path):
    """The converter on a made-up lesson: directives as nbdev processes them, widgets and
    progress-bar debris dropped."""
    import importlib.util, types
    spec = importlib.util.spec_from_file_location('cnncourse_docs', ROOT/'.ci'/'docs.py')
    docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docs)
    fake = types.ModuleType('fake')
    exec('def area(w: int, h: int = 2) -> int:\n    "The area of a `w` by `h` box."\n'
         '    return w * h\ndef inner_helper(x):\n    "Internal."\n    return x', fake.__dict__)
    code = lambda s, outs=(): dict(cell_type='code', source=s, outputs=list(outs), metadata={},
                                   execution_count=1)
    nb = dict(cells=[
        code('#| default_exp fake'),
        dict(cell_type='markdown', source='# 42 · Made up: a test\n\n> A lesson.\n\n'
                                          'See [lesson 00](00_data.ipynb#top).\n\n'
                                          '<details><summary>Answer</summary>\n\n**bold**\n'
                                          '</details>', metadata={}),
        code('#| hide\nimport secret_stuff'),
        code('#| export\ndef area(w: int, h: int = 2) -> int:\n'
             '    "The area of a `w` by `h` box."\n    return w * h'),
        code('#| exporti\ndef inner_helper(x):\n    "Internal."\n    return x'),
        code('#| echo: false\nprint("only the output")',
             [dict(output_type='stream', name='stdout', text='shown\n')]),
        code('for i in progress(): pass', [
            dict(output_type='display_data', metadata={},
                 data={WIDGET: {'model_id': 'x'}, 'text/plain': '  0%|  | 0/3'}),
            dict(output_type='stream', name='stderr',
                 text='  0%|  | 0/3\r 33%|= | 1/3\r100%|==| 3/3\n'),
            dict(output_type='execute_result', metadata={}, execution_count=1,
                 data={'text/html': '<link rel="stylesheet" href="https://cdn.example/x.css">'
                                    '<b>html</b>',
                       'text/plain': 'x'})]),
        code('#| output: false\nx = 1',
             [dict(output_type='stream', name='stdout', text='not shown\n')]),
    ], metadata={}, nbformat=4, nbformat_minor=5)
    path = tmp_path/'42_madeup.ipynb'
    path.write_text(json.dumps(nb))
    pages = {'42_madeup': ('Made up', '42 · Made up', 'fake'),
             '00_data': ('Data', '00 · Data', None)}
    anchors = {}
    md = docs.lesson_md(path, tmp_path, pages, {'fake': fake}, anchors)
    assert 'secret_stuff' not in md and 'default_exp' not in md and '#|' not in md
    assert '#### `area` { #area .doc-heading }' in md and 'The area of a `w` by `h` box.' in md
    assert anchors['42_madeup'] == {'area'}
    assert 'inner_helper' not in md   # an `exporti` cell is hidden, as nbdev hides it
    # the signature, highlighted
    assert 'area</span><span class="p">(</span><span class="n">w</span>' in md
    assert '<summary>Exported source</summary>' in md   # the code, folded
    assert 'shown' in md and 'print("only the output")' not in md
    assert 'not shown' not in md and 'x = 1' in md
    assert '100%|==| 3/3' in md and '33%' not in md and "'model_id'" not in md
    assert '0/3' not in md.replace('3/3', '')
    assert '<b>html</b>' in md and 'cdn.example' not in md
    assert '[lesson 00](00_data.md#top)' in md and '<details markdown="1">' in md
    assert '[Download the notebook](42_madeup.ipynb)' in md and '(reference/fake.md)' in md

# ----------------------------------------------------------------------------------------- browser
@pytest.fixture(scope='module')
def server(site):
    "The site on http://127.0.0.1:PORT/, as GitHub Pages would serve it."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{httpd.server_address[1]}'
    httpd.shutdown()
    httpd.server_close()

@pytest.fixture(scope='module')
def browser(site):
    with launched('site browser test') as b:
        yield b

def open_page(browser, base: str, path: str):
    """A page at `path`, with every problem recorded: console errors, page errors, failed or
    non-local requests."""
    pg = browser.new_page(viewport={'width': 1280, 'height': 900})
    problems = []
    def route(r):
        url = r.request.url
        if url.startswith(base + '/') or url.startswith(('data:', 'blob:')):
            r.continue_()
        else:
            problems.append(f'request to another host: {r.request.url}')
            r.abort()
    pg.route('**/*', route)
    pg.on('console', lambda m: m.type == 'error' and problems.append(f'console error: {m.text}'))
    pg.on('pageerror', lambda e: problems.append(f'page error: {e}'))
    pg.on('requestfailed', lambda r: problems.append(f'failed request: {r.url} ({r.failure})'))
    pg.on('response', lambda r: r.status >= 400 and problems.append(f'HTTP {r.status}: {r.url}'))
    pg.goto(f'{base}/{path}', wait_until='load')
    pg.wait_for_load_state('networkidle')
    # wait until MathJax has typeset the page
    if pg.evaluate('() => !!(window.MathJax && MathJax.Hub)'):
        pg.evaluate('() => new Promise(done => MathJax.Hub.Queue(done))')
    return pg, problems

def expected_images(stem: str) -> int:
    """How many image outputs the committed notebook shows in JupyterLab (hidden cells and widgets
    aside)."""
    n = 0
    for c in cells(stem):
        if c['cell_type'] != 'code' or 'hide' in directives(c):
            continue
        for o in c.get('outputs', []):
            d = o.get('data', {})
            if WIDGET in d:
                continue
            if 'text/html' in d:
                n += ''.join(d['text/html']).count('<img')
            elif any(m in d for m in ('image/png', 'image/jpeg', 'image/gif')):
                n += 1
    return n

@pytest.mark.parametrize('stem', ['index'] + LESSONS)
def test_page_in_browser(server, browser, stem):
    pg, problems = open_page(browser, server, f'{stem}.html')
    try:
        main = '.md-content'
        imgs = pg.evaluate(f"""() => [...document.querySelectorAll('{main} img')].map(i =>
            ({{src: i.getAttribute('src') || '', drawn: i.complete && i.naturalWidth > 0}}))""")
        undrawn = [i['src'][:80] for i in imgs if not i['drawn']]
        want = expected_images(stem) if stem != 'index' else 0
        math = pg.locator(f'{main} .arithmatex').count()
        typeset = pg.locator(f'{main} .arithmatex .MathJax, {main} .arithmatex .MathJax_Display')
        typeset = typeset.count()
        math_errors = pg.locator(f'{main} .MathJax_Error, {main} merror').count()
        # questionnaires
        answers = pg.locator(f'{main} details:not(.nb-source):not(.nb-solution)')
        solutions = pg.locator(f'{main} details.nb-solution')   # exercises' folded solutions
        n_answers = answers.count()
        open_answers = pg.locator(f'{main} details[open]:not(.nb-source)').count()
        toc = pg.locator('nav.md-nav--secondary a.md-nav__link').count()
        SHOTS.mkdir(exist_ok=True)
        if stem == 'index':
            target = None
        elif math:
            target = pg.locator(f'{main} .arithmatex')
        else:
            target = pg.locator(f'{main} .nb-image img')
        if target is not None and target.count():
            target.first.scroll_into_view_if_needed()
        pg.screenshot(path=str(SHOTS/f'site-{stem}.png'))
        assert not problems, f'{stem}: ' + '\n'.join(problems[:20])
        assert not undrawn, f'{stem}: {len(undrawn)} images not drawn: {undrawn[:5]}'
        assert len(imgs) >= want, \
            f'{stem}: {len(imgs)} images on the page, the notebook shows {want}'
        assert typeset >= math and not math_errors, \
            f'{stem}: {math} formulas, {typeset} typeset, {math_errors} errors'
        assert open_answers == 0, f'{stem}: {open_answers} of {n_answers} answers are unfolded'
        if stem != 'index':
            markdown = '\n'.join(src(c) for c in cells(stem) if c['cell_type'] == 'markdown')
            assert toc >= 1 or len(re.findall(r'^## ', markdown, re.M)) == 0, \
                f'{stem}: no table of contents'
            assert pg.locator(f'{main} a[href="{stem}.ipynb"]').count() == 1, \
                f'{stem}: no download link'
        # the animation plays its frames
        if stem == '02_arithmetic' and pg.locator(f'{main} .animation').count():
            src0 = pg.locator(f'{main} .animation img').first.get_attribute('src')
            pg.locator(f'{main} .animation button[title="Next frame"]').first.click()
            assert pg.locator(f'{main} .animation img').first.get_attribute('src') != src0, \
                'the animation does not step'
            pg.locator(f'{main} .animation').first.scroll_into_view_if_needed()
            pg.screenshot(path=str(SHOTS/f'site-{stem}-animation.png'))
        # an answer unfolds on a click and shows Markdown rendered, as in JupyterLab
        if n_answers:
            a = answers.first
            a.locator('summary').click()
            assert a.get_attribute('open') is not None and a.locator('p').count() >= 1, \
                f'{stem}: an answer does not unfold'
        if solutions.count():   # a solution unfolds on a click and shows its code
            s = solutions.first
            s.locator('summary').click()
            assert s.get_attribute('open') is not None and s.locator('pre').count() >= 1, \
                f'{stem}: a solution does not unfold'
    finally:
        pg.close()

def test_reference_pages_in_browser(server, browser):
    bad = []
    for ref in sorted((SITE/'reference').glob('*.html')):
        pg, problems = open_page(browser, server, f'reference/{ref.name}')
        bad += [f'{ref.name}: {p}' for p in problems]
        if ref.stem == 'learner':
            pg.screenshot(path=str(SHOTS/'site-reference-learner.png'))
        # a reference entry links to its lesson, and that link lands on an element of the lesson
        # page
        link = pg.locator('.doc-source a').first
        if link.count():
            href = link.get_attribute('href')
            link.click()
            pg.wait_for_load_state('load')
            frag = urllib.parse.urlparse(pg.url).fragment
            if frag and not pg.locator(f'[id="{frag}"]').count():
                bad.append(f'{ref.name}: {href} lands on no element')
        pg.close()
    assert not bad, '\n'.join(bad[:20])

def test_search_finds_a_function(server, browser):
    import importlib
    data = importlib.import_module('cnncourse.data')
    if 'load_mnist' in data.__all__:
        name = 'load_mnist'
    else:
        name = next(n for n in data.__all__ if callable(getattr(data, n)))
    pg, problems = open_page(browser, server, 'index.html')
    try:
        box = pg.locator('input.md-search__input')
        box.click()   # the header's search field, as a reader uses it
        box.press_sequentially(name, delay=30)
        results = pg.locator('.md-search-result__item a')
        results.first.wait_for(timeout=30_000)
        hrefs = [results.nth(i).get_attribute('href') for i in range(results.count())]
        pg.screenshot(path=str(SHOTS/'site-search.png'))
        found = [urllib.parse.urlparse(h) for h in hrefs]
        assert any(u.path.endswith('/reference/data.html') and u.fragment == name.lower()
                   for u in found), \
            f'search for {name} did not find its reference entry: {hrefs[:10]}'
        assert any(u.path.endswith('/00_data.html') for u in found), \
            f'search for {name} did not find lesson 00: {hrefs[:10]}'
        assert not problems, '\n'.join(problems)
    finally:
        pg.close()
