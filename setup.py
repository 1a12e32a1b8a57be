"Package metadata read from settings.ini (nbdev 2 layout)."
from configparser import ConfigParser
import setuptools, shlex

cfg = ConfigParser(delimiters=['='])
cfg.read('settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']
licenses = dict(apache2='Apache-2.0')  # settings.ini's nbdev name -> the SPDX expression
requirements = shlex.split(cfg.get('requirements', ''))
dev_requirements = shlex.split(cfg.get('dev_requirements', ''))
scripts = [s.strip() for s in cfg.get('console_scripts', '').split() if s.strip()]

setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    long_description=open('README.md', encoding='utf-8').read(), long_description_content_type='text/markdown',
    author=cfg['author'], author_email=cfg['author_email'], license_expression=licenses[cfg['license']], url=cfg['git_url'],
    keywords=cfg['keywords'], packages=setuptools.find_packages(include=['humorft', 'humorft.*']),
    include_package_data=True, install_requires=requirements, extras_require={'dev': dev_requirements},
    python_requires='>=' + cfg['min_python'], zip_safe=False,
    classifiers=['Development Status :: 3 - Alpha', 'Programming Language :: Python :: 3'],
    entry_points={'console_scripts': scripts, 'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
)
