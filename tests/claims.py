"""The prose-number check: every number in a lesson's prose is shown by that notebook, or cited.

A number in a notebook's markdown passes when the same value, as rounded in the prose, appears in a
code cell or an output of the same notebook (a percentage may match an output's fraction: "99.5%"
matches 0.9951), or when `tests/claims-allowed.tsv` lists it for that notebook with the name of its
source, and the cell that states it names that source too. The front page (`index`) summarises the
lessons, so its numbers may come from any notebook's cells and outputs.

Not checked, because they are labels rather than claims: integers up to 12 without a unit, years,
arXiv numbers, numbers inside inline code, link targets and HTML comments, a heading's notebook
number, questionnaire numbers, and the number after a label word ("lesson 05", "chapter 13",
"question 15", "notebook 90", "exercise 03a.1", "rows 4 to 15").

Usage: python tests/claims.py [NOTEBOOK ...]
  lists what the check flags (all notebooks by default).
"""
import csv, json, re, sys
from pathlib import Path

NBS = Path(__file__).resolve().parent.parent/'nbs'
ALLOWED = Path(__file__).resolve().parent/'claims-allowed.tsv'

NUMBER = re.compile(r'(?<![\w.\-/:])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w.]*\w)')
VALUE = re.compile(r'[-+]?\d[\d,_]*\.?\d*(?:e[-+]?\d+)?')   # 41_132 and 41,132 alike
LABEL = (r'(?:lessons?|notebooks?|chapters?|questions?|exercises?|sections?|parts?|figures?|'
         r'issues?|steps?|versions?|rows?|columns?|arXiv|ITU-R|torch|Python|PyTorch|nbdev|fastai|'
         r'seeds?)')
LABELLED = re.compile(LABEL + r'\s+\d[\w.]*(?:(?:,\s*|\s+(?:to|and|or)\s+|[-–])\d[\w.]*)*',
                      re.IGNORECASE)
UNIT = re.compile(r'\s?(?:%|s\b|x\b|×|seconds?\b|minutes?\b|points?\b|percent)')
SKIP = [re.compile(p, re.MULTILINE) for p in (
    r'`[^`\n]*`',                    # inline code
    r'\]\([^)]*\)', r'https?://\S+',  # link targets, addresses
    r'<!--.*?-->',                   # HTML comments
    r'^#+\s*[\d.a-z]+\s*·',          # a heading's notebook number: "# 05 · ResNets"
    r'\*\*\d+\.(?!\d)',              # questionnaire numbers: "**25. What ...", not "**93.5%"
    r'\*\*\d+[a-z]?\.\d+\*\*',      # exercise numbers: "**06b.2**"
    r'(?<!\d)(?:19[5-9]\d|20[0-3]\d)(?![\d,.]\d)',  # years
)]


def cell_text(cell: dict) -> str:
    "A cell's source as one string."
    src = cell['source']
    return src if isinstance(src, str) else ''.join(src)


def output_text(cell: dict) -> str:
    "Everything a code cell's outputs show as text (streams, plain text, HTML tables)."
    parts = []
    for out in cell.get('outputs', []):
        parts.append(cell_text({'source': out.get('text', '')}))
        for kind, data in out.get('data', {}).items():
            if kind in ('text/plain', 'text/html', 'text/markdown'):
                parts.append(cell_text({'source': data}))
    return '\n'.join(parts)


def shown_values(cells: list) -> set[float]:
    "Every number written in the code cells and their outputs."
    values = set()
    for cell in cells:
        if cell['cell_type'] != 'code':
            continue
        for m in VALUE.finditer(cell_text(cell) + '\n' + output_text(cell)):
            try:
                values.add(float(m.group(0).replace(',', '').replace('_', '')))
            except ValueError:
                pass
    return values


def masked(text: str) -> str:
    "The text with what is not a claim blanked out (same length, so positions still match)."
    for pattern in SKIP + [LABELLED]:
        text = pattern.sub(lambda m: ' ' * len(m.group(0)), text)
    return text


def prose_numbers(text: str):
    "(position, as written, value, decimals, unit) for each number in `text` that states a claim."
    for m in NUMBER.finditer(masked(text)):
        written = m.group(0)
        plain = written.replace(',', '').replace('−', '-').lstrip('+')
        decimals = len(plain.split('.')[1]) if '.' in plain else 0
        unit = UNIT.match(text, m.end())
        unit = unit.group(0).strip() if unit else ''
        value = float(plain)
        if not decimals and abs(value) <= 12 and not unit:
            continue
        yield m.start(), written, value, decimals, unit


def is_shown(value: float, decimals: int, unit: str, values: set[float]) -> bool:
    """Whether `value`, rounded to `decimals` places, is a shown value (or, for a percentage, 100x
    one)."""
    scales = (1, 100) if unit in ('%', 'percent', 'points', 'point') else (1,)
    return any(round(v * s, decimals) == value or round(-v * s, decimals) == value
               for v in values for s in scales)


def allowed() -> dict:
    "{(notebook, number as written): source word} from tests/claims-allowed.tsv."
    rows = csv.reader((l for l in ALLOWED.read_text(encoding='utf-8').splitlines()
                       if l.strip() and not l.startswith('#')), delimiter='\t')
    return {(nb, number): source for nb, number, source, *_ in rows}


def flagged(notebook: Path, values: set[float] | None = None) -> list[str]:
    """One line for each number in `notebook`'s prose that no cell of it shows and no cited entry
    allows."""
    cells = json.loads(notebook.read_text(encoding='utf-8'))['cells']
    values = shown_values(cells) if values is None else values
    allow = allowed()
    found = []
    for i, cell in enumerate(cells):
        if cell['cell_type'] != 'markdown':
            continue
        text = cell_text(cell)
        for pos, written, value, decimals, unit in prose_numbers(text):
            if is_shown(value, decimals, unit, values):
                continue
            source = allow.get((notebook.stem, written))
            if source and source.lower() in text.lower():
                continue
            context = ' '.join(text[max(0, pos - 50):pos + len(written) + 20].split())
            found.append(f'{notebook.name} cell {i}: {written}{unit and " " + unit}  …{context}…')
    return found


def all_values() -> set[float]:
    "The values shown by every notebook's cells: what the front page may quote."
    return set().union(*(shown_values(json.loads(nb.read_text(encoding='utf-8'))['cells'])
                         for nb in sorted(NBS.glob('*.ipynb'))))


def check(notebooks=None) -> list[str]:
    "Flagged numbers of `notebooks` (default: every notebook in nbs/)."
    notebooks = notebooks or sorted(NBS.glob('[!_]*.ipynb'))
    found = []
    for nb in map(Path, notebooks):
        found += flagged(nb, all_values() if nb.stem == 'index' else None)
    return found


if __name__ == '__main__':
    lines = check(sys.argv[1:])
    print('\n'.join(lines) or 'no unshown numbers')
    print(f'{len(lines)} flagged')
