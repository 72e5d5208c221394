"""Remove ipywidgets outputs (tqdm's progress bars) and widget state from executed notebooks.

Usage: python .ci/strip_widgets.py [--check] NB...
  (--check: exit 1 if any notebook has them, change nothing)
A progress bar is useful while a cell runs; in a committed lesson it is a dead widget, so it goes.
"""
import sys, nbformat
WIDGET = 'application/vnd.jupyter.widget-view+json'
check = '--check' in sys.argv[1:]
dirty = []
for fn in (a for a in sys.argv[1:] if a != '--check'):
    nb = nbformat.read(fn, as_version=4)
    n = 0
    for c in nb.cells:
        if c.cell_type != 'code':
            continue
        keep = [o for o in c.outputs if WIDGET not in o.get('data', {})]
        n += len(c.outputs) - len(keep)
        c.outputs = keep
    n += 'widgets' in nb.metadata
    if n and check:
        dirty.append(fn)
    elif n:
        nb.metadata.pop('widgets', None)
        nbformat.write(nb, fn)
        print(f'{fn}: removed widget outputs and state')
if dirty:
    sys.exit('widget outputs or state in ' + ', '.join(dirty)
             + ': run `python .ci/strip_widgets.py nbs/*.ipynb`')
