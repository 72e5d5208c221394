"""What `.ci/stale` counts as a change: a slow cell or a transcript is stale when code it ran
changed, and not when prose or a module it never imports changed. Each test edits a copy of the
library, never the library itself."""
import ast, importlib.machinery, importlib.util, shutil
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent

def load_stale():
    "`.ci/stale` as a module (it is a script without an extension)."
    loader = importlib.machinery.SourceFileLoader('ci_stale', str(ROOT/'.ci'/'stale'))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader('ci_stale', loader))
    loader.exec_module(module)
    return module

stale = load_stale()

@pytest.fixture
def lib(tmp_path: Path) -> Path:
    "A copy of the library's modules that a test may edit."
    dest = tmp_path/'cnncourse'
    shutil.copytree(ROOT/'cnncourse', dest, ignore=shutil.ignore_patterns('__pycache__'))
    return dest

@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    fn = tmp_path/'train.txt'
    fn.write_text('$ cnncourse train\nepoch 0 ...\n', encoding='utf-8')
    return fn

def add_code(lib: Path, module: str):
    with (lib/f'{module}.py').open('a', encoding='utf-8') as f:
        f.write('\nEXTRA = 1\n')

def reword_a_docstring(lib: Path, module: str):
    "Change the words of the first function's docstring in `module`, and nothing else."
    fn = lib/f'{module}.py'
    text = fn.read_text(encoding='utf-8')
    first = next(n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef))
    words = ast.get_docstring(first, clean=False)
    assert words and text.count(words) == 1, words
    fn.write_text(text.replace(words, 'Other words.'), encoding='utf-8')

def test_transcript_sees_what_the_command_runs(lib, transcript):
    before = stale.transcript_fingerprint(transcript, lib)['ran']
    for module in ('cli', 'learner', 'recipes'):   # the command, and modules it imports in turn
        copy = lib.parent/f'copy-{module}'
        shutil.copytree(lib, copy)
        add_code(copy, module)
        assert stale.transcript_fingerprint(transcript, copy)['ran'] != before, module

def test_transcript_ignores_what_the_command_never_imports(lib, transcript):
    before = stale.transcript_fingerprint(transcript, lib)['ran']
    add_code(lib, 'explorers')   # the lessons' widgets: no command imports them
    add_code(lib, 'hooks')
    assert stale.transcript_fingerprint(transcript, lib)['ran'] == before

def test_transcript_ignores_docstrings_not_its_command(lib, transcript):
    before = stale.transcript_fingerprint(transcript, lib)
    reword_a_docstring(lib, 'cli')
    assert stale.transcript_fingerprint(transcript, lib) == before
    text = transcript.read_text(encoding='utf-8')
    transcript.write_text(text.replace('train', 'train --bs 256', 1), encoding='utf-8')
    after = stale.transcript_fingerprint(transcript, lib)
    assert after['ran'] != before['ran'] and after['stored'] != before['stored']

def test_slow_cell_sees_its_imports_only(lib):
    cells = [{'cell_type': 'code', 'source': 'from cnncourse.bench import bench_table'},
             {'cell_type': 'markdown', 'source': 'Prose.'},
             {'cell_type': 'code', 'source': '#| slow\nbench_table()', 'outputs': []}]
    before = stale.cell_fingerprint(cells, 2, lib)['ran']
    add_code(lib, 'explorers')
    assert stale.cell_fingerprint(cells, 2, lib)['ran'] == before
    cells[1]['source'] = 'Other prose.'
    assert stale.cell_fingerprint(cells, 2, lib)['ran'] == before
    add_code(lib, 'speed')   # imported by bench
    assert stale.cell_fingerprint(cells, 2, lib)['ran'] != before


def rewrap_and_comment(lib: Path, module: str):
    "Split the first one-line call's arguments over two lines and add a comment: layout only."
    fn = lib/f'{module}.py'
    lines = fn.read_text(encoding='utf-8').splitlines(keepends=True)
    i = next(k for k, line in enumerate(lines) if line.rstrip().endswith(')') and ', ' in line
             and not line.lstrip().startswith(('#', 'def ', 'class ', '@')))
    head, _, tail = lines[i].partition(', ')
    lines[i] = f"{head},  # a comment\n{' ' * 8}{tail}"
    fn.write_text(''.join(lines), encoding='utf-8')

def test_layout_and_comments_are_not_code(lib):
    cells = [{'cell_type': 'code', 'source': 'from cnncourse.bench import bench_table'},
             {'cell_type': 'code', 'source': '#| slow\nbench_table()', 'outputs': []}]
    before = stale.cell_fingerprint(cells, 1, lib)['ran']
    rewrap_and_comment(lib, 'speed')   # imported by bench
    cells[0]['source'] = 'from cnncourse.bench import (  # re-wrapped\n    bench_table)'
    assert stale.cell_fingerprint(cells, 1, lib)['ran'] == before
    cells[0]['source'] = 'from cnncourse.bench import bench_table as table'   # code, changed
    assert stale.cell_fingerprint(cells, 1, lib)['ran'] != before
