"""The project's style rules: lines under 100 characters, no unused import or name (pyflakes),
one statement per line. They hold for the exported modules (cnncourse/*.py, written by
nbdev_export from nbs/), for the CI scripts (.ci/*.py, and the Python scripts there without an
extension, found by their shebang, like .ci/stale) and for the tests (tests/*.py). No lesson's
module imports a later lesson's.

nbdev writes two kinds of line that no notebook can shorten: the module docstring on line 1 (the
notebook's summary) and the `__all__` list, which it wraps at 120 characters. Both are left out, in
the library only. `_modidx.py` is nbdev's index, not code."""
import ast, io, re
from pathlib import Path
from pyflakes.api import check
from pyflakes.reporter import Reporter

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT/'cnncourse'
MODULES = sorted(p for p in LIB.glob('*.py') if p.name != '_modidx.py')
MAX = 99

def python_script(path: Path) -> bool:
    "A file without an extension whose first line is a python shebang (`#!/usr/bin/env python3`)."
    if path.suffix or not path.is_file():
        return False
    with path.open('rb') as f:
        first = f.readline()
    return first.startswith(b'#!') and b'python' in first

CI = ROOT/'.ci'
SCRIPTS = sorted([*CI.glob('*.py'), *(p for p in CI.iterdir() if python_script(p)),
                  *(ROOT/'tests').glob('*.py')])
FILES = MODULES + SCRIPTS

def name(fn: Path) -> str:
    return fn.relative_to(ROOT).as_posix()

def generated_lines(text: str) -> set[int]:
    "Line numbers (1-based) that nbdev writes itself: the module docstring and the `__all__` list."
    lines = text.splitlines()
    skip = {1}
    for i, line in enumerate(lines, 1):
        if line.startswith('__all__ = ['):
            j = i
            while not lines[j - 1].rstrip().endswith(']'):
                j += 1
            skip |= set(range(i, j + 1))
    return skip

def test_files_found():
    assert len(MODULES) >= 10, MODULES
    names = {name(fn) for fn in SCRIPTS}
    expected = {'.ci/docs.py', '.ci/stale', 'tests/test_style.py', 'tests/test_site.py'}
    assert expected <= names, sorted(names)
    assert not any(name(fn).startswith('.ci/') and fn.suffix not in ('', '.py') for fn in SCRIPTS)

def test_python_script():
    assert python_script(CI/'stale')
    assert not python_script(CI/'docs')          # a bash script
    assert not python_script(CI/'docs.py')       # found by its extension instead

def test_lines_under_100():
    long = []
    for fn in FILES:
        text = fn.read_text(encoding='utf-8')
        skip = generated_lines(text) if fn in MODULES else set()
        long += [f'{name(fn)}:{i}: {len(line)} chars'
                 for i, line in enumerate(text.splitlines(), 1)
                 if len(line) > MAX and i not in skip]
    assert not long, ('lines of 100 characters or more (for cnncourse/, edit the notebook, then '
                      'nbdev_export):\n' + '\n'.join(long))

def test_pyflakes_clean():
    out = io.StringIO()
    n = sum(check(fn.read_text(encoding='utf-8'), name(fn), Reporter(out, out)) for fn in FILES)
    assert n == 0, 'pyflakes (unused imports, undefined names):\n' + out.getvalue()

def test_one_statement_per_line():
    """No `a; b`, no `if x: y`, `else: y` or `def f(): return y`: every statement starts its own
    line."""
    shared = []
    statement = (ast.stmt, ast.excepthandler)
    for fn in FILES:
        text = fn.read_text(encoding='utf-8')
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            for field in ('body', 'orelse', 'finalbody', 'handlers'):
                stmts = getattr(node, field, None)
                if not isinstance(stmts, list) or not stmts or not isinstance(stmts[0], statement):
                    continue
                first = stmts[0]
                if lines[first.lineno - 1][:first.col_offset].strip():
                    shared.append(f'{name(fn)}:{first.lineno}: a body on the line of its header')
                for a, b in zip(stmts, stmts[1:]):
                    if a.end_lineno == b.lineno:
                        shared.append(f'{name(fn)}:{b.lineno}: two statements')
    assert not shared, 'more than one statement on a line (split them):\n' + '\n'.join(shared)

def test_generated_lines_found():
    "The exemptions above cover only what nbdev writes: a docstring line and a wrapped `__all__`."
    text = 'x = 1\n__all__ = [\'a\',\n           \'b\']\ny = 2\n'
    assert generated_lines(text) == {1, 2, 3}

def notebook_of(fn: Path) -> str:
    "The notebook a module is exported from, from nbdev's header line."
    text = fn.read_text(encoding='utf-8')
    return re.search(r'File to edit: \.\./nbs/(\S+)\.ipynb', text).group(1)

def is_lesson(notebook: str) -> bool:
    """Lessons are numbered 00 to 79; 80 and above are the support notebooks (checks, command line,
    lessons)."""
    return int(notebook[:2]) < 80

def test_lessons_import_only_earlier_lessons():
    """A lesson's module imports modules of earlier lessons and of support notebooks, never of a
    later lesson."""
    notebooks = {fn.stem: notebook_of(fn) for fn in MODULES if fn.name != '__init__.py'}
    later = []
    for module, notebook in notebooks.items():
        if not is_lesson(notebook):
            continue
        tree = ast.parse((LIB/f'{module}.py').read_text(encoding='utf-8'))
        imported = {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.level == 1}
        later += [f'{module} ({notebook}) imports {other} ({notebooks[other]})'
                  for other in imported if other in notebooks and is_lesson(notebooks[other])
                  and notebooks[other] > notebook]
    assert len(notebooks) >= 15, notebooks
    assert not later, 'a lesson module imports a later lesson\'s:\n' + '\n'.join(later)
