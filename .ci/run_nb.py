"""Execute a notebook in place (for .ci/execute), leaving unrun the cells whose nbdev flags say so.

Usage: python .ci/run_nb.py NB [FLAGS]   FLAGS: comma-separated flags whose cells keep their outputs (e.g. slow)
Cells flagged `#| cuda` are left unrun, with their outputs, where PyTorch sees no GPU.
"""
import sys, nbformat, torch
from nbclient import NotebookClient

fn, keep = sys.argv[1], set(filter(None, (sys.argv[2] if len(sys.argv) > 2 else '').split(',')))
if not torch.cuda.is_available(): keep.add('cuda')

def flags(source: str) -> set:
    return {w for l in source.splitlines() if l.startswith('#|') for w in l[2:].split()}

class Client(NotebookClient):
    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type == 'code' and flags(cell.source) & keep: return cell
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

nb = nbformat.read(fn, as_version=4)
Client(nb, timeout=None, kernel_name='python3', resources={'metadata': {'path': 'nbs'}}).execute()
nbformat.write(nb, fn)
print(f'executed {fn}' + (f' (cells flagged {", ".join(sorted(keep))} left as they were)' if keep else ''))
