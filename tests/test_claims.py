"""Every number in a lesson's prose is shown by a cell of that notebook, or cited
(tests/claims.py)."""
import json
from claims import check, flagged, prose_numbers


def notebook(tmp_path, markdown: str, code: str = '', output: str = '', name: str = '03_x'):
    "A one-lesson notebook on disk: a code cell with `output`, then a markdown cell."
    cells = [{'cell_type': 'code', 'source': code, 'metadata': {}, 'execution_count': None,
              'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': output}]},
             {'cell_type': 'markdown', 'source': markdown, 'metadata': {}}]
    fn = tmp_path/f'{name}.ipynb'
    fn.write_text(json.dumps({'cells': cells, 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}))
    return fn


def test_unshown_number_flagged(tmp_path):
    fn = notebook(tmp_path, 'The net reaches 99.47% in 143 s.', output='accuracy 0.9947\n')
    lines = flagged(fn)
    assert len(lines) == 1 and '143' in lines[0], lines


def test_shown_numbers_pass(tmp_path):
    "A percentage matches an output's fraction, a rounded number its output, a count its code."
    fn = notebook(tmp_path, 'It reaches 99.5% (9,947 images) in about 143 s with bs 256.',
                  code='bs = 256', output='accuracy 0.99474, 9947 right, 142.8 s\n')
    assert flagged(fn) == []


def test_fraction_matches_only_percentages(tmp_path):
    "0.48 in an output does not show '48 runs'; it does show '48%'."
    assert flagged(notebook(tmp_path, 'We ran 48 runs.', output='0.48\n'))
    assert not flagged(notebook(tmp_path, 'It is 48% of them.', output='0.48\n'))


def test_labels_are_not_claims():
    text = ("# 05 · ResNets\nSee lesson 05, chapter 13, questions 25 to 40 (He et al., 2015, "
            "arXiv 1512.03385), `conv(1, 8)` and [this](https://x.org/a/123). **25. Why?**")
    assert list(prose_numbers(text)) == []


def test_every_lesson_shows_its_numbers():
    lines = check()
    assert not lines, ('numbers in the prose that no cell of the notebook shows: show them in a '
                       'cell, cite them in tests/claims-allowed.tsv, or drop them\n'
                       + '\n'.join(lines))
