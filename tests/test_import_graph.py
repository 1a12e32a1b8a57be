"""The package's import graph flows one way: base -> data -> eda -> metrics -> model -> training -> checkpoints -> evaluate
-> embeddings -> report -> compare -> inference -> cli, with testing and the task families on top; no module imports a
`_`-name from another subpackage. Lazy imports inside functions count too."""
import ast
from pathlib import Path
from conftest import ROOT

CORE = ['base', 'data', 'eda', 'metrics', 'model', 'training', 'checkpoints', 'evaluate', 'embeddings', 'report',
        'compare', 'inference', 'cli']
TOP = ['testing', 'sft', 'pairwise']  # each may import the core, none imports another of these (sft.testing uses testing)
PKG = ROOT/'humorft'

def modules() -> dict:
    "module name (e.g. 'base.config') -> its path, for every generated module but _modidx."
    return {'.'.join(p.relative_to(PKG).with_suffix('').parts): p for p in PKG.rglob('*.py') if p.name != '_modidx.py'}

def imports(name: str, path: Path) -> list:
    "(imported module relative to humorft, imported names, line) for every humorft import in the module, lazy ones too."
    pkg = name.split('.')[:-1] if not path.name == '__init__.py' else name.split('.')[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[:len(pkg) - node.level + 1]
                target = '.'.join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split('.')[0] == 'humorft': target = node.module.partition('.')[2]
            else: continue
            out.append((target, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name.partition('.')[2], [], node.lineno) for a in node.names if a.name.split('.')[0] == 'humorft']
    return out

def rank(subpackage: str) -> int:
    return CORE.index(subpackage) if subpackage in CORE else len(CORE) + (0 if subpackage == 'testing' else 1)

def violations() -> list:
    found = []
    for name, path in sorted(modules().items()):
        me = name.split('.')[0]
        if '.' not in name: continue  # humorft/__init__.py
        for target, names, line in imports(name, path):
            other = target.split('.')[0]
            where = f"humorft/{path.relative_to(PKG)}:{line} imports humorft.{target}"
            if not other or other == me: continue
            if rank(other) > rank(me) or (me in TOP and other in TOP and other != 'testing'):
                found.append(f"{where}: upward ({me} sits below {other})")
            found += [f"{where}: private name {n}" for n in names if n.startswith('_')]
    return found

def test_every_module_is_in_a_known_subpackage():
    unknown = sorted({n.split('.')[0] for n in modules() if '.' in n} - set(CORE) - set(TOP))
    assert not unknown, f"subpackages missing from the layer order in tests/test_import_graph.py: {unknown}"

def test_imports_flow_one_way():
    found = violations()
    assert not found, '\n'.join(found)
