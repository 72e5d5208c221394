"""Write README.md from nbs/index.ipynb, offline (nbdev_readme needs Quarto).

Usage: python .ci/readme.py [--check]   (--check: exit 1 if README.md is stale, write nothing)
Markdown cells are copied; code cells show their source (nbdev's `#|` directives removed) and their
text outputs; cells marked `#| hide` are left out, and `#| echo: false` shows only the output.
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
src, dst = root/'nbs'/'index.ipynb', root/'README.md'

def directives(source: str) -> set:
    return {l[3:].strip().replace(' ', '') for l in source.splitlines() if l.startswith('#|')}

def output_md(o: dict) -> str:
    if o['output_type'] == 'stream':
        return '```\n' + ''.join(o['text']).rstrip() + '\n```'
    data = o.get('data', {})
    if 'text/markdown' in data:
        return ''.join(data['text/markdown']).strip()
    if 'text/plain' in data:
        return '```\n' + ''.join(data['text/plain']).rstrip() + '\n```'
    return ''

def cell_md(c: dict) -> list:
    source = ''.join(c['source'])
    if c['cell_type'] == 'markdown':
        return [source.strip()]
    flags = directives(source)
    if 'hide' in flags:
        return []
    parts = []
    code = '\n'.join(l for l in source.splitlines() if not l.startswith('#|')).strip()
    if code and 'echo:false' not in flags:
        parts.append('```python\n' + code + '\n```')
    parts += [m for m in map(output_md, c.get('outputs', [])) if m]
    return parts

def readme() -> str:
    nb = json.loads(src.read_text(encoding='utf-8'))
    head = ('<!-- Written by `python .ci/readme.py` from nbs/index.ipynb: '
            'edit the notebook, not this file. -->')
    return '\n\n'.join([head] + [p for c in nb['cells'] for p in cell_md(c)]) + '\n'

if __name__ == '__main__':
    text = readme()
    if '--check' in sys.argv[1:]:
        if not dst.exists() or dst.read_text(encoding='utf-8') != text:
            sys.exit('README.md is stale: run `python .ci/readme.py` and commit README.md')
        print('README.md is up to date')
    else:
        dst.write_text(text, encoding='utf-8')
        print(f'wrote {dst.relative_to(root)}')
