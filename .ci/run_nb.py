"""Execute a notebook in place (for .ci/execute), leaving unrun the cells whose nbdev flags say so.

Usage: python .ci/run_nb.py NB [--keep FLAGS] [--only IDS] [--ran FILE]
--keep FLAGS: comma-separated flags whose cells keep their outputs (e.g. slow).
--only IDS: comma-separated ids of the only `#| slow` cells to run; the other slow cells keep
theirs.
--ran FILE: write the ids of the slow cells that ran to FILE, one a line, after `--lib=DIR`, a copy
of the library as it was when the run started (for .ci/stale's records).
Cells flagged `#| cuda` are left unrun, with their outputs, where PyTorch sees no GPU.
"""
import argparse, shutil, tempfile, nbformat, torch
from pathlib import Path
from nbclient import NotebookClient

parser = argparse.ArgumentParser()
parser.add_argument('nb')
parser.add_argument('--keep', default='')
parser.add_argument('--only', default=None)
parser.add_argument('--ran', default=None)
args = parser.parse_args()
keep = set(filter(None, args.keep.split(',')))
only = None if args.only is None else set(filter(None, args.only.split(',')))
if not torch.cuda.is_available():
    keep.add('cuda')
ran = []


def flags(source: str) -> set:
    return {w for l in source.splitlines() if l.startswith('#|') for w in l[2:].split()}


def skipped(cell) -> bool:
    "Whether the cell keeps its stored outputs instead of running."
    cell_flags = flags(cell.source)
    if cell_flags & keep:
        return True
    return 'slow' in cell_flags and only is not None and cell.get('id') not in only


class Client(NotebookClient):
    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type == 'code' and skipped(cell):
            return cell
        if cell.cell_type == 'code' and 'slow' in flags(cell.source):
            ran.append(cell.get('id'))
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)


# the library as it is when the run starts: the record of what ran hashes this copy, not the files
# as they may be by the time a long run ends
library = Path(tempfile.mkdtemp(prefix='cnncourse-lib-'))
for fn in Path(__file__).resolve().parent.parent.joinpath('cnncourse').glob('*.py'):
    shutil.copy(fn, library)
nb = nbformat.read(args.nb, as_version=4)
client = Client(nb, timeout=None, kernel_name='python3', resources={'metadata': {'path': 'nbs'}})
client.execute()
nbformat.write(nb, args.nb)
if not ran:   # no slow cell ran: nothing will be recorded against the copy
    shutil.rmtree(library, ignore_errors=True)
if args.ran:
    with open(args.ran, 'w') as f:
        f.write(f'--lib={library}\n' + ''.join(f'{i}\n' for i in ran) if ran else '')
left = sorted(keep) + (['slow cells other than those named'] if only is not None else [])
print(f'executed {args.nb}'
      + (f' (cells flagged {", ".join(left)} left as they were)' if left else ''))
