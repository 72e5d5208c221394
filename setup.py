"Package metadata comes from settings.ini, the one place nbdev keeps it."
from configparser import ConfigParser
from pathlib import Path
import shutil
import setuptools
from setuptools.command.build_py import build_py

here = Path(__file__).parent
cfg = ConfigParser(delimiters=['='])
cfg.read(here/'settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']

def reqs(key): return cfg.get(key, '').split()

lessons = reqs('lessons_requirements')
# settings.ini keeps nbdev's name for the licence; the package states it as an SPDX expression
licenses = {'apache2': 'Apache-2.0'}
readme = here/'README.md'

class build_py_with_lessons(build_py):
    "Copy the lesson notebooks from nbs/ into the built package (cnncourse/notebooks/): one source, no committed copy."
    def run(self):
        super().run()
        dest = Path(self.build_lib)/cfg['lib_path']/'notebooks'
        dest.mkdir(parents=True, exist_ok=True)
        # the lessons, 00 to 08; the support notebooks (80 up) hold the checks' answers and stay out
        for nb in sorted((here/cfg['nbs_path']).glob('[0-7]*.ipynb')): shutil.copy2(nb, dest/nb.name)

setuptools.setup(
    cmdclass={'build_py': build_py_with_lessons},
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=readme.read_text(encoding='utf-8') if readme.exists() else '',
    long_description_content_type='text/markdown',
    author=cfg['author'],
    author_email=cfg['author_email'],
    license_expression=licenses[cfg['license']],
    url=cfg['git_url'],
    keywords=cfg['keywords'],
    classifiers=['Development Status :: 3 - Alpha', 'Intended Audience :: Education',
                 'Programming Language :: Python :: 3'],
    packages=setuptools.find_packages(include=['cnncourse', 'cnncourse.*']),
    include_package_data=True,
    python_requires='>=' + cfg['min_python'],
    install_requires=reqs('requirements'),
    extras_require={'lessons': lessons, 'dev': lessons + reqs('dev_requirements')},
    entry_points={'console_scripts': cfg['console_scripts'].split(),
                  'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
    zip_safe=False,
)
