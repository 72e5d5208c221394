"""Build the course website into _docs/ from nbs/, offline: run `.ci/docs` (it runs this file).

Usage: python .ci/docs.py [--out DIR] [--serve [PORT]]
  --out DIR      write the site there instead of settings.ini's doc_path (_docs)
  --serve PORT   after building, serve the site on http://127.0.0.1:PORT (default 8000)
                 until Ctrl-C

nbdev's own site builder needs Quarto, which does not install from a package registry. This builds
the same site with MkDocs and the Material theme (both from PyPI): the notebooks go through nbdev's
own processors (`NBProcessor` with `add_show_docs`, `hide_`, `rm_export`, `hide_line`,
`filter_stream_`, `rm_header_dash`; not `exec_show_docs`: no cell is run, the committed outputs are
shown), are turned into Markdown pages here, and MkDocs renders them with navigation, a table of
contents per page, search (lunr, in the browser) and link checking (`strict`: a link to a missing
page or anchor fails the build). Nothing is loaded from the internet: the theme's web fonts are
switched off, and math is typeset by MathJax 2 from the `jupyter-server-mathjax` package, copied
into the site. (Material's `offline` plugin, for opening the site from a folder, is not used: it
loads a script from a CDN; serve the folder instead, `--serve`.) Intermediate files go to _proc/
(nbdev's folder for processed notebooks); both are gitignored. Why not the alternatives: Jupyter
Book 1 brings Sphinx and a heavier, slower build; mkdocs-jupyter renders with nbconvert but knows
nothing of nbdev's directives or show_doc, so the notebooks would need this processing anyway. The
site's stylesheet and MathJax settings are files beside this one, in .ci/docs-assets/, copied into
the site as they are.

Pages:
- index.md from nbs/index.ipynb (the README's source), links to `nbs/NN_x.ipynb` turned into links
  to lesson pages;
- one page per lesson, in file-name order, with its committed outputs: images, HTML tables and
  animations as JupyterLab shows them, streams as text; widget outputs (tqdm's progress bars) are
  left out. `#| hide`, `#| include: false`, `#| default_exp` and `#| exporti` cells are dropped,
  `#| echo: false` shows only the outputs, `#| output: false` only the code; every `#|` line is
  removed from the code shown. As in nbdev, an `#| export` cell is replaced by the documentation
  (signature and docstring) of each public function and class it defines; its code stays one
  click away, folded under "Exported source". (nbdev's `show_doc` is not used for the signatures:
  it writes `x:NoneType=None` for an unannotated `x=None`, `def` and `*args, **kwargs` for a
  class without `__init__`, drops the `*` before keyword-only arguments and fails on a function
  with no source file; `signature` below writes Python's own.) An exercise shows its stub, with
  the solution and its outputs folded under "Show a solution" and the hidden tests left out. Each
  lesson links its notebook for download, as a learner gets it from `cnncourse lessons`
  (exercises unsolved);
- reference/<module>.md for every module in cnncourse/_modidx.py: every name in the module's
  `__all__` (and the public methods of its classes), with signature, docstring and a link to where
  the lesson defines it.
"""
from __future__ import annotations
import argparse, base64, configparser, html, importlib, inspect, json, os, re, shutil
import subprocess, sys, time
from pathlib import Path
from nbdev.process import NBProcessor, Processor, first_code_ln
from nbdev.processors import (add_show_docs, filter_stream_, hide_, hide_line, rm_export,
                              rm_header_dash)

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent/'docs-assets'   # the site's CSS and MathJax settings
cfg = configparser.ConfigParser(delimiters=['='])
cfg.read(ROOT/'settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']
NBS, LIB = ROOT/cfg['nbs_path'], cfg['lib_name']
WIDGET = 'application/vnd.jupyter.widget-view+json'
ANSI = re.compile(r'\x1B(?:[@-Z\\-_]|\[[0-?]*[ -/]*[@-~])')
ADDRESS = re.compile(r' at 0x[0-9a-f]+>')   # `<function f at 0x7f...>` is shown `<function f>`

# --------------------------------------------------------------------------------------- notebooks
def lessons() -> list[Path]:
    "The lesson notebooks in course order, as nbdev finds them: no index, no name starting _ or ."
    return sorted(p for p in NBS.glob('*.ipynb')
                  if p.name != 'index.ipynb' and not p.name.startswith(('_', '.')))

class fold_export(Processor):
    "An `export`/`exports` cell's code kept, folded after its show_doc cells (not rm_export's)."
    def begin(self):
        cells, i = self.nb.cells, 0
        while i < len(cells):
            c, j = cells[i], i + 1
            while j < len(cells) and cells[j].get('has_sd'):
                j += 1
            if c.cell_type == 'code' and c.directives_.keys() & {'export', 'exports'}:
                # the module the names went to: `#| export runs` names one; else the notebook's
                to = (c.directives_.get('export') or c.directives_.get('exports') or [None])[0]
                for shown in cells[i + 1:j]:
                    shown.exp_to_ = to
                # add_show_docs puts a cell's names last first: back in the cell's order
                cells[i:j] = cells[i + 1:j][::-1] + [c]
                c.fold_ = ' open' if 'exports' in c.directives_ else ''
                c.directives_.pop('export', None)
            i = j

def processed(path: Path):
    """The notebook after nbdev's processors (none runs a cell): `hide`, `default_exp`, `exporti`
    cells gone, a `show_doc(name)` cell (`has_sd`) per name an `export` cell defines, after it
    and before its folded code; `hide_line` lines and `filter_stream` lines gone."""
    procs = [add_show_docs, fold_export, hide_line, filter_stream_, rm_header_dash, rm_export,
             hide_]
    return NBProcessor(path, procs, process=True).nb

def default_exp(nb) -> str | None:
    "The module a notebook exports to: its `#| default_exp`, as nbdev parses directives."
    return next((c.directives_['default_exp'][0] for c in nb.cells
                 if 'default_exp' in c.directives_), None)

def code_of(cell) -> str:
    "A code cell's code without the Quarto `#| key: value` lines that nbdev leaves in it."
    lines = cell.source.splitlines()
    n = first_code_ln(lines)
    return '' if n is None else '\n'.join(lines[n:]).strip('\n')

def off(cell, option: str) -> bool:
    "Whether a Quarto option (`#| echo: false`) is off in a cell."
    return cell.directives_.get(option + ':', [''])[0].lower() in ('false', 'no', '0')

def title_of(nb, stem: str) -> tuple[str, str]:
    "The notebook's `# title` and nav name, 'NN · Name' (before the colon; NN from the file name)."
    for c in nb.cells:
        if c.cell_type == 'markdown' and (m := re.search(r'^#\s+(.+)$', c.source, re.M)):
            full = m.group(1).strip()
            break
    else:
        full = stem
    short = re.sub(r'[`*]', '', full.split(':')[0]).strip()
    num = stem.split('_')[0]
    if not short.startswith(num):
        short = f'{num} · {short}'
    return full, short

# -------------------------------------------------------------------------------------- doc blocks
class Shown(str):
    "An annotation or default as the signature shows it: this text, unquoted."
    __repr__ = str.__str__

def shown(v, anno: bool = False):
    "An annotation as written; a default's name if it has one, else its repr (60 characters)."
    if v is inspect.Parameter.empty:
        return v
    if anno:
        return Shown(v if isinstance(v, str) else inspect.formatannotation(v))
    if inspect.isfunction(v) or inspect.isclass(v) or inspect.isbuiltin(v):
        return Shown(getattr(v, '__qualname__', repr(v)))
    r = ADDRESS.sub('>', repr(v))
    return Shown(r if len(r) <= 60 else r[:57] + '...')

def signature(obj, name: str) -> str:
    "`name(params) -> ret` as Python writes it; `class name(params)` for a class; no `self`."
    prefix = 'class ' if inspect.isclass(obj) else ''
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return prefix + name + ('' if prefix else '(...)')
    params = list(sig.parameters.values())
    if '.' in name and params and params[0].name in ('self', 'cls'):
        params = params[1:]   # a method
    params = [p.replace(annotation=shown(p.annotation, True), default=shown(p.default))
              for p in params]
    ret = sig.empty if prefix else shown(sig.return_annotation, True)
    return prefix + name + str(sig.replace(parameters=params, return_annotation=ret))

def highlight(code: str) -> str:
    from pygments import highlight as hl
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer
    return ('<div class="doc-signature highlight"><pre><code>'
            + hl(code, PythonLexer(), HtmlFormatter(nowrap=True)).rstrip()
            + '</code></pre></div>')

def doc_block(obj, name: str, anchor: str, level: int, link: str = '') -> str:
    "One name's documentation, laid out as show_doc's: heading (anchored), signature, docstring."
    head = f'{"#" * level} `{name}` {{ #{anchor} .doc-heading }}'
    if callable(obj) or inspect.isclass(obj):
        body = highlight(signature(obj, name))
    else:   # a constant: its value
        r = ADDRESS.sub('>', repr(obj))
        body = highlight(f'{name} = {r if len(r) <= 200 else r[:200] + "..."}')
    # a class's own docstring only (not `Exception`'s); a method without one inherits its parent's,
    # as in show_doc
    if inspect.isclass(obj):
        doc = inspect.cleandoc(obj.__doc__) if obj.__doc__ else ''
    elif callable(obj) or isinstance(obj, property):
        doc = inspect.getdoc(obj) or ''
    else:
        doc = ''
    parts = [head, '', body, '']
    if doc:
        parts += [doc.strip(), '']
    if link:
        parts += [link, '']
    return '\n'.join(parts)

def resolve(module, dotted: str):
    obj = module
    for part in dotted.split('.'):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj

# ----------------------------------------------------------------------------------------- outputs
def squash_cr(text: str) -> str:
    "What a terminal (and JupyterLab) shows of text rewriting lines with \\r: each line's last."
    return '\n'.join(line.rstrip('\r').split('\r')[-1] for line in text.split('\n'))

def pre(text: str, cls: str) -> str:
    return f'<div class="nb-output {cls}"><pre>{html.escape(text)}</pre></div>'

def clean_html(h: str) -> str:
    "An HTML output minus what it would fetch online (matplotlib's animations link Font Awesome)."
    h = re.sub(r'<link\b[^>]*\bhref\s*=\s*["\']?(?:https?:)?//[^>]*>', '', h, flags=re.I)
    h = re.sub(r'<script\b[^>]*\bsrc\s*=\s*["\']?(?:https?:)?//[^>]*>\s*</script>', '', h,
               flags=re.I)
    return h.strip()

def outputs_md(cell: dict, stem: str, idx: int, img_dir: Path) -> list[str]:
    "Markdown (mostly raw HTML) for a code cell's outputs, richest type first as in JupyterLab."
    parts, outs = [], []
    # consecutive writes to one stream are one block, as JupyterLab shows them
    for o in cell.get('outputs', []):
        same_stream = (o['output_type'] == 'stream' and outs
                       and outs[-1]['output_type'] == 'stream' and outs[-1]['name'] == o['name'])
        if same_stream:
            outs[-1] = dict(outs[-1], text=''.join(outs[-1]['text']) + ''.join(o['text']))
        else:
            outs.append(o)
    for k, o in enumerate(outs):
        t = o['output_type']
        if t == 'stream':
            text = squash_cr(ANSI.sub('', ''.join(o['text']))).rstrip()
            if text.strip():
                parts.append(pre(text, f'nb-stream nb-{o["name"]}'))
            continue
        if t == 'error':
            parts.append(pre(ANSI.sub('', '\n'.join(o.get('traceback', []))), 'nb-error'))
            continue
        data, meta = o.get('data', {}), o.get('metadata', {})
        if WIDGET in data:
            continue      # a progress-bar widget: dead without a kernel
        j = lambda v: ''.join(v) if isinstance(v, list) else v
        if 'text/html' in data:
            cleaned = clean_html(j(data["text/html"]))
            parts.append(f'<div class="nb-output nb-html">\n{cleaned}\n</div>')
        elif 'text/markdown' in data:
            md = j(data['text/markdown']).strip()
            parts.append(fix_markdown(md, {p.stem for p in lessons()}))
        elif 'text/latex' in data:
            latex = html.escape(j(data["text/latex"]).strip())
            parts.append(f'<div class="nb-output arithmatex">\n{latex}\n</div>')
        elif 'image/svg+xml' in data:
            parts.append(f'<div class="nb-output nb-image">\n{j(data["image/svg+xml"])}\n</div>')
        elif mime := next((m for m in ('image/png', 'image/jpeg', 'image/gif') if m in data),
                          None):
            fn = img_dir/f'cell{idx:03d}-{k}.{mime.split("/")[1].replace("jpeg", "jpg")}'
            fn.parent.mkdir(parents=True, exist_ok=True)
            fn.write_bytes(base64.b64decode(j(data[mime])))
            size = ''.join(f' {d}="{int(meta[mime][d])}"' for d in ('width', 'height')
                           if isinstance(meta.get(mime), dict) and d in meta[mime])
            alt = html.escape(j(data.get('text/plain', 'output')).strip()[:80], quote=True)
            img = fn.relative_to(img_dir.parent.parent).as_posix()
            parts.append(f'<div class="nb-output nb-image">'
                         f'<img src="{img}" alt="{alt}"{size}></div>')
        elif 'text/plain' in data:
            parts.append(pre(j(data['text/plain']).rstrip(), 'nb-text'))
    return parts

# ---------------------------------------------------------------------------------------- markdown
def fix_markdown(md: str, lesson_pages: set[str]) -> str:
    "Notebook links go to their pages, other repo links to GitHub; <details> get md_in_html."
    def link(m):
        text, target = m.group(1), m.group(2)
        if re.match(r'^[a-z]+:|^#|^/', target):
            return m.group(0)
        path, _, frag = target.partition('#')
        stem = Path(path).stem
        if path.endswith('.ipynb') and stem in lesson_pages:
            return f'[{text}]({stem}.md{"#" + frag if frag else ""})'
        blob = f'{cfg["git_url"]}/blob/{cfg.get("branch", "main")}'
        return f'[{text}]({blob}/{path.removeprefix("../")}{"#" + frag if frag else ""})'
    md = re.sub(r'(?<!!)\[([^\]]*)\]\(([^)\s]+)\)', link, md)
    md = re.sub(r'<details(?![^>]*\bmarkdown=)([^>]*)>', r'<details markdown="1"\1>', md)
    return md

def fence(code: str, lang: str = 'python') -> str:
    ticks = '````' if '```' in code else '```'
    return f'{ticks}{lang}\n{code}\n{ticks}'

def exercise_md(code: str, outputs: list[str]) -> str:
    "An exercise as a learner meets it: the stub, then the solution and its outputs folded."
    from cnncourse.lessons import strip_solutions
    stub = fence(strip_solutions(code).strip('\n'))
    solution = strip_solutions(code, keep_solutions=True).strip('\n')
    fold = '\n\n'.join([fence(solution), *outputs])
    return (f'{stub}\n\n<details class="nb-solution" markdown="1">'
            f'<summary>Show a solution</summary>\n\n{fold}\n\n</details>')

def lesson_md(path: Path, docs: Path, pages: dict, modules: dict, anchors: dict) -> str:
    "The Markdown page for one lesson notebook; records the anchors it defines in `anchors[stem]`."
    from cnncourse.lessons import has_exercise
    nb, stem = processed(path), path.stem
    module_name = pages[stem][2]
    module = modules.get(module_name)
    out, header_done, anchors[stem] = [], False, set()
    for i, c in enumerate(nb.cells):
        if c.cell_type == 'markdown':
            md = fix_markdown(c.source, set(pages))
            if not header_done and re.search(r'^#\s', md, re.M):
                # after the title and its `> description`: the download link and the module
                header_done = True
                lines, j = md.splitlines(), 0
                while j < len(lines) and not lines[j].startswith('# '):
                    j += 1
                j += 1
                while j < len(lines) and (not lines[j].strip() or lines[j].startswith('>')):
                    j += 1
                links = [f'[Download the notebook]({stem}.ipynb)'
                         f'{{ .md-button download="{stem}.ipynb" }}']
                if module_name:
                    links.append(f'library module: [`{LIB}.{module_name}`]'
                                 f'(reference/{module_name}.md)')
                md = '\n'.join(lines[:j] + ['', ' · '.join(links), ''] + lines[j:])
            out.append(md.strip())
            continue
        if c.get('has_sd'):   # nbdev's `show_doc(name)` cell: the name's documentation
            name = c.source.removeprefix('show_doc(').removesuffix(')')
            target = modules.get(c.get('exp_to_')) or module   # where the name was exported
            if (obj := resolve(target, name) if target else None) is not None:
                anchors[stem].add(name.lower())
                out.append(doc_block(obj, name, name.lower(), 4))
            continue
        if c.cell_type != 'code' or off(c, 'include'):
            continue
        code = code_of(c)
        if 'fold_' in c:   # an exported cell's code
            out.append(f'<details class="nb-source" markdown="1"{c.fold_}>'
                       f'<summary>Exported source</summary>\n\n{fence(code)}\n\n</details>')
        elif code and not off(c, 'echo') and has_exercise(code):
            out.append(exercise_md(code, outputs_md(c, stem, i, docs/'img'/stem)))
            continue
        elif code and not off(c, 'echo'):
            out.append(fence(code))
        if not off(c, 'output'):
            out += outputs_md(c, stem, i, docs/'img'/stem)
    return '\n\n'.join(p for p in out if p) + '\n'

def index_md(pages: dict) -> str:
    out = []
    for i, c in enumerate(processed(NBS/'index.ipynb').cells):
        if c.cell_type == 'markdown':
            out.append(fix_markdown(c.source, set(pages)).strip())
            continue
        if off(c, 'include'):
            continue
        if code_of(c) and not off(c, 'echo'):
            out.append(fence(code_of(c)))
        if not off(c, 'output'):
            out += outputs_md(c, 'index', i, DOCS_TMP/'img'/'index')
    return '\n\n'.join(out) + '\n'

# --------------------------------------------------------------------------------------- reference
def lesson_of(url: str, pages: dict) -> str | None:
    "The lesson stem of a `_modidx` link: nbdev names a page after its notebook, number dropped."
    page = url.partition('#')[0].removesuffix('.html')
    return next((stem for stem in pages if re.sub(r'^\d+[a-z]?_', '', stem) == page), None)


def defined_in(lesson: str | None, anchor: str, pages: dict, anchors: dict) -> str:
    "The 'Defined in' link to where the lesson builds a name (its anchor, if the page has it)."
    if lesson is None:
        return ''
    target = f'#{anchor}' if anchor in anchors.get(lesson, set()) else ''
    return (f'<span class="doc-source">Defined in '
            f'[{pages[lesson][1]}](../{lesson}.md{target})</span>')


def method_blocks(obj, name: str, methods: list, pages: dict, anchors: dict) -> list[str]:
    "The documented methods of class `obj`, each linked to the lesson that defines it."
    out = []
    for meth, manchor, lesson in methods:
        mobj = inspect.getattr_static(obj, meth, None)
        if isinstance(mobj, (staticmethod, classmethod)):
            mobj = getattr(obj, meth)
        if mobj is None:
            continue
        manchor = manchor or f'{name.lower()}.{meth.lower()}'
        shown = mobj.fget if isinstance(mobj, property) else mobj
        link = defined_in(lesson, manchor, pages, anchors)
        out.append(doc_block(shown, f'{name}.{meth}', manchor, 3, link))
    return out


def reference_md(mod_name: str, module, syms: dict, lesson: str | None, pages: dict,
                 anchors: dict) -> str:
    full = f'{LIB}.{mod_name}'
    out = [f'# `{full}` {{ #{full} }}', '']
    if doc := inspect.getdoc(module):
        out += [f'> {doc.splitlines()[0]}', '']
    where = f'[{pages[lesson][1]}](../{lesson}.md)' if lesson else 'its notebook'
    out += [f'Exported from lesson {where}. Every name in `{full}.__all__`, in the order the '
            'lesson defines them; each links to the place in the lesson where it is built.', '']
    methods, homes = {}, {}
    for key, (url, _) in syms.items():
        parts = key[len(full) + 1:].split('.')
        home = lesson_of(url, pages) or lesson
        homes[parts[0]] = homes.get(parts[0], home)
        if len(parts) == 2 and not parts[1].startswith('_'):
            methods.setdefault(parts[0], []).append((parts[1], url.partition('#')[2], home))
    names = list(getattr(module, '__all__', []))
    for name in names:
        obj = getattr(module, name, None)
        if obj is None or inspect.ismodule(obj):
            continue
        anchor = name.lower()
        link = defined_in(homes.get(name, lesson), anchor, pages, anchors)
        out.append(doc_block(obj, name, anchor, 2, link))
        if inspect.isclass(obj):
            out += method_blocks(obj, name, methods.get(name, []), pages, anchors)
    # methods this module adds to a class of another module (with `patch`)
    for name, meths in methods.items():
        obj = getattr(module, name, None)
        if name in names or not inspect.isclass(obj):
            continue
        out += [f'## Added to `{obj.__module__}.{name}` {{ #{name.lower()}-added }}', '']
        out += method_blocks(obj, name, meths, pages, anchors)
    return '\n'.join(out) + '\n'

# ------------------------------------------------------------------------------------------- build
def copy_mathjax(dest: Path):
    import jupyter_server_mathjax
    src_dir = Path(jupyter_server_mathjax.__file__).parent/'static'
    def ignore(d, names):
        d = Path(d).relative_to(src_dir).as_posix()
        if d == 'localization':
            return [n for n in names if n != 'en']
        if d == 'jax/output':
            return [n for n in names if n != 'HTML-CSS']   # the SVG output's fonts are not used
        if d == 'extensions/a11y':
            return ['mathmaps']
        return []
    shutil.copytree(src_dir, dest, ignore=ignore)

DOCS_TMP = ROOT/'_proc'/'docs'

def build(out: Path) -> Path:
    t0 = time.time()
    proc = ROOT/'_proc'
    shutil.rmtree(DOCS_TMP, ignore_errors=True)
    DOCS_TMP.mkdir(parents=True)
    (DOCS_TMP/'assets').mkdir()
    for asset in ('cnncourse.css', 'mathjax-config.js'):   # stylesheet and MathJax settings
        text = (ASSETS/asset).read_text(encoding='utf-8')
        (DOCS_TMP/'assets'/asset).write_text(text, encoding='utf-8')
    copy_mathjax(DOCS_TMP/'mathjax')

    sys.path.insert(0, str(ROOT))
    modidx = importlib.import_module(f'{LIB}._modidx').d['syms']
    modules = {}
    for full in modidx:
        name = full.split('.', 1)[1]
        modules[name] = importlib.import_module(full)

    from cnncourse.lessons import lesson_bytes
    nbs = lessons()
    pages = {}   # stem -> (full title, nav title, module or None)
    for p in nbs:
        nb = NBProcessor(p).nb   # directives parsed, nothing processed
        pages[p.stem] = (*title_of(nb, p.stem), default_exp(nb))
    anchors = {}
    for p in nbs:
        page = lesson_md(p, DOCS_TMP, pages, modules, anchors)
        (DOCS_TMP/f'{p.stem}.md').write_text(page, encoding='utf-8')
        # the download is the learner's copy, as `cnncourse lessons` gives it: exercises unsolved
        (DOCS_TMP/p.name).write_bytes(lesson_bytes(p))
    (DOCS_TMP/'index.md').write_text(index_md(pages), encoding='utf-8')

    (DOCS_TMP/'reference').mkdir()
    by_module = {v[2]: k for k, v in pages.items() if v[2]}
    ref_nav, rows = [], []
    for full, syms in modidx.items():
        name = full.split('.', 1)[1]
        lesson = by_module.get(name)
        ltitle = pages[lesson][1] if lesson else ''
        page = reference_md(name, modules[name], syms, lesson, pages, anchors)
        (DOCS_TMP/'reference'/f'{name}.md').write_text(page, encoding='utf-8')
        ref_nav.append((lesson or 'zz' + name, {f'{LIB}.{name}': f'reference/{name}.md'}))
        doc = (inspect.getdoc(modules[name]) or '').splitlines()
        rows.append((lesson or 'zz', f'| [`{LIB}.{name}`]({name}.md) | '
                     + (f'[{ltitle}](../{lesson}.md)' if lesson else '')
                     + f' | {doc[0] if doc else ""} |'))
    (DOCS_TMP/'reference'/'index.md').write_text(
        '# Library reference\n\nThe `cnncourse` library is exported from the lessons by '
        '`nbdev_export`: one module per lesson. '
        'Each page lists the module\'s exported names with their signatures and docstrings, and '
        'links each one to the lesson that builds it.\n\n'
        '| module | lesson | what it holds |\n|---|---|---|\n'
        + '\n'.join(r for _, r in sorted(rows)) + '\n', encoding='utf-8')

    nav = [{'Home': 'index.md'},
           {'Lessons': [{pages[p.stem][1]: f'{p.stem}.md'} for p in nbs]},
           {'Reference': ['reference/index.md']
                         + [n for _, n in sorted(ref_nav, key=lambda x: x[0])]}]
    light = {'media': '(prefers-color-scheme: light)', 'scheme': 'default', 'primary': 'indigo',
             'toggle': {'icon': 'material/brightness-7', 'name': 'Dark mode'}}
    dark = {'media': '(prefers-color-scheme: dark)', 'scheme': 'slate', 'primary': 'indigo',
            'toggle': {'icon': 'material/brightness-4', 'name': 'Light mode'}}
    config = {
        'site_name': cfg['title'], 'site_description': cfg['description'],
        'site_author': cfg['author'],
        'site_url': cfg['doc_host'].rstrip('/') + cfg['doc_baseurl'].rstrip('/') + '/',
        'copyright': f"Copyright {cfg['copyright']}",
        'docs_dir': 'docs', 'site_dir': str(out), 'use_directory_urls': False, 'strict': True,
        'theme': {'name': 'material', 'font': False, 'language': 'en',
                  'features': ['navigation.sections', 'navigation.top', 'navigation.footer',
                               'navigation.indexes', 'toc.follow', 'search.highlight',
                               'search.suggest', 'content.code.copy'],
                  'palette': [light, dark]},
        'plugins': ['search'],
        'markdown_extensions': [{'toc': {'permalink': True, 'toc_depth': 3}}, 'tables',
                                'attr_list', 'md_in_html', 'admonition',
                                {'pymdownx.arithmatex': {'generic': True}}, 'pymdownx.highlight',
                                'pymdownx.superfences', 'pymdownx.inlinehilite'],
        'extra_css': ['assets/cnncourse.css'],
        'extra_javascript': ['assets/mathjax-config.js', 'mathjax/MathJax.js'],
        'extra': {'generator': False,
                  'social': [{'icon': 'fontawesome/brands/github', 'link': cfg['git_url'],
                              'name': 'cnncourse on GitHub'}]},
        'validation': {'omitted_files': 'warn', 'absolute_links': 'warn',
                       'unrecognized_links': 'warn', 'anchors': 'warn'},
        'nav': nav,
    }
    (proc/'mkdocs.yml').write_text(json.dumps(config, indent=1), encoding='utf-8')   # JSON is YAML
    t1 = time.time()
    mkdocs = [sys.executable, '-m', 'mkdocs', 'build', '--clean', '-f', str(proc/'mkdocs.yml')]
    r = subprocess.run(mkdocs, cwd=proc, env=dict(os.environ, NO_MKDOCS_2_WARNING='1'))
    if r.returncode:
        sys.exit(f'mkdocs build failed (exit {r.returncode}): see the messages above')
    n = sum(1 for _ in out.rglob('*.html'))
    size = sum(f.stat().st_size for f in out.rglob('*') if f.is_file())
    where = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print(f'built {where}/: {n} pages, {size / 2**20:.1f} MiB, '
          f'in {time.time() - t0:.0f} s ({t1 - t0:.0f} s for the Markdown, '
          f'{time.time() - t1:.0f} s for mkdocs)', flush=True)
    return out

def serve(out: Path, port: int):
    import functools, http.server
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(('127.0.0.1', port), handler) as httpd:
        print(f'serving {out} at http://127.0.0.1:{port}/ (Ctrl-C stops)')
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', type=Path, default=ROOT/cfg.get('doc_path', '_docs'),
                    help='where to write the site (default: _docs)')
    ap.add_argument('--serve', nargs='?', type=int, const=8000, metavar='PORT',
                    help='serve the site after building it')
    a = ap.parse_args()
    out = build(a.out.resolve())
    if a.serve:
        serve(out, a.serve)
