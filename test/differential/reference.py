"""The Python ecosystem's own reading of its manifests, for the differential test: TOML through
tomllib, requirement strings through packaging.requirements (the parser pip vendors). Reads the
files named on the command line; prints {file: [names]} as JSON. Written apart from the scanner."""
import json
import sys
import tomllib
from packaging.requirements import Requirement


def requirement_name(text):
    return Requirement(text).name


def requirements_txt(text):
    names = []
    logical = []
    pending = ''
    # pip joins lines ending in a backslash before anything else
    for raw in text.splitlines():
        if raw.endswith('\\'):
            pending += raw[:-1] + ' '
            continue
        logical.append(pending + raw)
        pending = ''
    if pending:
        logical.append(pending)
    for line in logical:
        # a comment starts at a '#' at the line's start or after whitespace (pip's COMMENT_RE)
        stripped = line
        for i, c in enumerate(line):
            if c == '#' and (i == 0 or line[i - 1].isspace()):
                stripped = line[:i]
                break
        stripped = stripped.strip()
        if not stripped:
            continue
        if stripped.startswith('-'):
            if stripped.startswith(('-e ', '--editable ')) and '#egg=' in stripped:
                names.append(stripped.split('#egg=', 1)[1].split('&')[0].split()[0])
            continue
        if '://' in stripped.split(' ')[0] or stripped.startswith(('.', '/', '~')):
            continue
        # per-requirement options (`--hash=…`) follow the requirement
        requirement = stripped.split(' --', 1)[0].strip()
        names.append(requirement_name(requirement))
    return names


def pyproject(data):
    names = []
    project = data.get('project', {})
    names += [requirement_name(s) for s in project.get('dependencies', [])]
    for group in project.get('optional-dependencies', {}).values():
        names += [requirement_name(s) for s in group]
    for group in data.get('dependency-groups', {}).values():
        names += [requirement_name(s) for s in group if isinstance(s, str)]
    tool = data.get('tool', {})
    poetry = tool.get('poetry', {})
    names += [k for k in poetry.get('dependencies', {}) if k.lower() != 'python']
    names += [k for k in poetry.get('dev-dependencies', {}) if k.lower() != 'python']
    for group in poetry.get('group', {}).values():
        names += [k for k in group.get('dependencies', {}) if k.lower() != 'python']
    for group in tool.get('pdm', {}).get('dev-dependencies', {}).values():
        names += [requirement_name(s) for s in group]
    names += [requirement_name(s) for s in tool.get('uv', {}).get('dev-dependencies', [])]
    return names


def pipfile(data):
    return list(data.get('packages', {})) + list(data.get('dev-packages', {}))


def main():
    out = {}
    for path in sys.argv[1:]:
        with open(path, 'rb') as f:
            raw = f.read()
        name = path.rsplit('/', 1)[-1]
        if name == 'pyproject.toml':
            out[path] = pyproject(tomllib.loads(raw.decode('utf-8')))
        elif name == 'Pipfile':
            out[path] = pipfile(tomllib.loads(raw.decode('utf-8')))
        else:
            out[path] = requirements_txt(raw.decode('utf-8'))
    json.dump(out, sys.stdout)


main()
