#!/usr/bin/python3
"""Checks META.json against the PGXN Meta Spec 1.0 and against the control file.

Usage: check_meta.py DIR           META.json and *.control of a source tree
       check_meta.py NAME-VER.zip  a release archive, as `make dist` writes it

Checks: JSON syntax (and no key given twice); the keys the spec requires (name, abstract,
version, maintainer, license, provides, meta-spec) and the form of every key it defines;
that each extension of "provides" has its file (and docfile) in the tree, and, when the
tree holds its control file, that its version and the distribution's version are the
control file's default_version in SemVer form ('1.1' -> 1.1.0; PGXN wants SemVer, the
control file is where the Makefile reads EXTVERSION). For an archive also: the file is
named NAME-VERSION.zip and every entry lies under NAME-VERSION/.
Exit status 0 when all hold, 1 otherwise (each problem is printed).
"""
import json
import os
import re
import sys
import zipfile

SEMVER = (r'(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)'
          r'(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?'
          r'(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?')
VERSION_RANGE = (r'(?:(?:[=!]=|[<>]=?)\s*)?(?:' + SEMVER + r'|0)'
                 r'(?:,\s*(?:(?:[=!]=|[<>]=?)\s*)?' + SEMVER + r')*')
TERM = r'[^/\\\s\x00-\x1f\x7f]{2,}'
TAG = r'[^/\\\x00-\x1f\x7f]{2,255}'
LICENSES = {
    'agpl_3', 'apache_1_1', 'apache_2_0', 'artistic_1', 'artistic_2', 'bsd', 'freebsd',
    'gfdl_1_2', 'gfdl_1_3', 'gpl_1', 'gpl_2', 'gpl_3', 'lgpl_2_1', 'lgpl_3_0', 'mit',
    'mozilla_1_0', 'mozilla_1_1', 'openssl', 'perl_5', 'postgresql', 'qpl_1_0', 'ssleay',
    'sun', 'zlib', 'open_source', 'restricted', 'unrestricted', 'unknown'}
REQUIRED = ['name', 'abstract', 'version', 'maintainer', 'license', 'provides', 'meta-spec']
OPTIONAL = ['description', 'generated_by', 'tags', 'no_index', 'prereqs', 'release_status',
            'resources']
PHASES = {'configure', 'build', 'test', 'runtime', 'develop'}
RELATIONS = {'requires', 'recommends', 'suggests', 'conflicts'}

errors = []


def error(msg):
    errors.append(msg)


def custom(key):
    return re.match(r'[xX]_.', key) is not None


def is_string(v, min_len=1):
    return isinstance(v, str) and len(v) >= min_len


def check_path(where, v):
    if not is_string(v, 2) or v.startswith('/') or '\\' in v or '..' in v.split('/'):
        error(f'{where}: not a relative unix path: {v!r}')


def check_keys(where, obj, allowed):
    for key in obj:
        if key not in allowed and not custom(key):
            error(f'{where}: unknown key {key!r} (custom keys start with x_)')


def semver_of_control(version):
    """'1.1' -> '1.1.0': the control file's default_version in the SemVer form PGXN wants."""
    if re.fullmatch(r'\d+(\.\d+){0,2}', version):
        parts = [str(int(p)) for p in version.split('.')]
        return '.'.join(parts + ['0'] * (3 - len(parts)))
    return version if re.fullmatch(SEMVER, version) else None


def check_meta(meta, exists):
    if not isinstance(meta, dict):
        error('META.json: not a JSON object')
        return
    for key in REQUIRED:
        if key not in meta:
            error(f'META.json: required key {key!r} missing')
    check_keys('META.json', meta, REQUIRED + OPTIONAL)

    if 'name' in meta and not (isinstance(meta['name'], str) and re.fullmatch(TERM, meta['name'])):
        error(f"name: not a term (2+ characters, no slash, backslash, space or control): {meta['name']!r}")
    for key in ('abstract', 'description', 'generated_by'):
        if key in meta and not is_string(meta[key]):
            error(f'{key}: not a non-empty string')
    if 'version' in meta and not (isinstance(meta['version'], str) and re.fullmatch(SEMVER, meta['version'])):
        error(f"version: not a SemVer (like 1.1.0): {meta['version']!r}")

    m = meta.get('maintainer')
    if m is not None and not (is_string(m) or (isinstance(m, list) and m and all(is_string(x) for x in m))):
        error('maintainer: not a string or a non-empty list of strings')

    lic = meta.get('license')
    if lic is not None:
        if isinstance(lic, str):
            ok = lic in LICENSES
        elif isinstance(lic, list):
            ok = bool(lic) and all(x in LICENSES for x in lic)
        elif isinstance(lic, dict):
            ok = bool(lic) and all(is_string(v) and re.match(r'[a-z][a-z0-9+.-]*://', v) for v in lic.values())
        else:
            ok = False
        if not ok:
            error(f'license: not a known license name, a list of them, or an object of name -> URL: {lic!r}')

    spec = meta.get('meta-spec')
    if spec is not None:
        if not isinstance(spec, dict) or not re.fullmatch(r'1\.0\.\d+', str(spec.get('version', ''))):
            error(f'meta-spec: must be an object with version 1.0.x: {spec!r}')
        else:
            check_keys('meta-spec', spec, ['version', 'url'])
            if 'url' in spec and spec['url'] not in ('https://pgxn.org/meta/spec.txt', 'http://pgxn.org/meta/spec.txt'):
                error(f"meta-spec.url: {spec['url']!r}")

    provides = meta.get('provides')
    if provides is not None:
        if not isinstance(provides, dict) or not provides:
            error('provides: must be a non-empty object')
        else:
            for ext, info in provides.items():
                where = f'provides.{ext}'
                if not re.fullmatch(TERM, ext):
                    error(f'{where}: extension name is not a term')
                if not isinstance(info, dict):
                    error(f'{where}: not an object')
                    continue
                check_keys(where, info, ['file', 'version', 'abstract', 'docfile'])
                for key in ('file', 'version'):
                    if key not in info:
                        error(f'{where}: required key {key!r} missing')
                if 'version' in info and not (isinstance(info['version'], str) and re.fullmatch(SEMVER, info['version'])):
                    error(f"{where}.version: not a SemVer: {info['version']!r}")
                if 'abstract' in info and not is_string(info['abstract']):
                    error(f'{where}.abstract: not a non-empty string')
                for key in ('file', 'docfile'):
                    if key in info:
                        check_path(f'{where}.{key}', info[key])
                        if isinstance(info[key], str) and not exists(info[key]):
                            error(f'{where}.{key}: {info[key]} is not in the distribution')

    prereqs = meta.get('prereqs')
    if prereqs is not None:
        if not isinstance(prereqs, dict) or not prereqs:
            error('prereqs: must be a non-empty object')
        else:
            check_keys('prereqs', prereqs, PHASES)
            for phase, rels in prereqs.items():
                if custom(phase):
                    continue
                if not isinstance(rels, dict) or not rels:
                    error(f'prereqs.{phase}: must be a non-empty object')
                    continue
                check_keys(f'prereqs.{phase}', rels, RELATIONS)
                for rel, reqs in rels.items():
                    if custom(rel):
                        continue
                    if not isinstance(reqs, dict):
                        error(f'prereqs.{phase}.{rel}: must be an object of name -> version range')
                        continue
                    for name, rng in reqs.items():
                        if not (rng == 0 or (isinstance(rng, str) and re.fullmatch(VERSION_RANGE, rng))):
                            error(f'prereqs.{phase}.{rel}.{name}: not a version range: {rng!r}')

    tags = meta.get('tags')
    if tags is not None and not (isinstance(tags, list) and tags and
                                 all(isinstance(t, str) and re.fullmatch(TAG, t) for t in tags)):
        error('tags: must be a non-empty list of tags (2..255 characters, no slash, backslash or control)')

    if 'release_status' in meta and meta['release_status'] not in ('stable', 'testing', 'unstable'):
        error(f"release_status: {meta['release_status']!r} (stable, testing or unstable)")

    no_index = meta.get('no_index')
    if no_index is not None:
        if not isinstance(no_index, dict) or not ({'file', 'directory'} & no_index.keys()):
            error('no_index: must be an object with file and/or directory')
        else:
            check_keys('no_index', no_index, ['file', 'directory'])
            for key in ('file', 'directory'):
                paths = no_index.get(key, [])
                for p in (paths if isinstance(paths, list) else [paths]):
                    check_path(f'no_index.{key}', p)

    res = meta.get('resources')
    if res is not None:
        if not isinstance(res, dict) or not res:
            error('resources: must be a non-empty object')
        else:
            check_keys('resources', res, ['homepage', 'bugtracker', 'repository'])


def check_versions(meta, read):
    """Every version of META.json is the control file's default_version (as SemVer)."""
    provides = meta.get('provides') if isinstance(meta, dict) else None
    if not isinstance(provides, dict):
        return None
    found = None
    for ext, info in provides.items():
        control = read(f'{ext}.control')
        if control is None:
            continue
        m = re.search(r"^\s*default_version\s*=\s*'([^']*)'", control, re.M)
        if not m:
            error(f'{ext}.control: no default_version')
            continue
        want = semver_of_control(m.group(1))
        if want is None:
            error(f"{ext}.control: default_version '{m.group(1)}' has no SemVer form")
            continue
        found = (ext, m.group(1), want)
        if isinstance(info, dict) and info.get('version') != want:
            error(f"provides.{ext}.version is {info.get('version')!r}, but {ext}.control says "
                  f"default_version = '{m.group(1)}': set it to \"{want}\"")
        if meta.get('version') != want:
            error(f"version is {meta.get('version')!r}, but {ext}.control says "
                  f"default_version = '{m.group(1)}': set it to \"{want}\"")
    if found is None:
        error('no extension of "provides" has its control file in the tree')
    return found


def load_json(text):
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        for k in {k for k in keys if keys.count(k) > 1}:
            error(f'META.json: key {k!r} given twice')
        return dict(pairs)
    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except ValueError as e:
        error(f'META.json: invalid JSON: {e}')
        return None


def main(target):
    archive_prefix = None
    if target.endswith('.zip'):
        with zipfile.ZipFile(target) as z:
            names = z.namelist()
            prefix = names[0].split('/')[0] + '/' if names else ''
            archive_prefix = prefix
            for n in names:
                if not n.startswith(prefix) or n.startswith('/') or '..' in n.split('/'):
                    error(f'{target}: entry {n!r} is not under {prefix}')
            contents = {n[len(prefix):]: n for n in names if n.startswith(prefix)}

            def read(path):
                return z.read(contents[path]).decode('utf-8') if path in contents else None

            def exists(path):
                return path in contents
            text = read('META.json')
            if text is None:
                error(f'{target}: no {prefix}META.json')
                meta = None
            else:
                meta = load_json(text)
                if meta is not None:
                    check_meta(meta, exists)
                    found = check_versions(meta, read)
    else:
        def read(path):
            p = os.path.join(target, path)
            return open(p, encoding='utf-8').read() if os.path.isfile(p) else None

        def exists(path):
            return os.path.exists(os.path.join(target, path))
        text = read('META.json')
        meta = load_json(text) if text is not None else error(f'{target}: no META.json')
        if meta is not None:
            check_meta(meta, exists)
            found = check_versions(meta, read)

    if meta is not None and archive_prefix is not None and isinstance(meta, dict):
        want = f"{meta.get('name')}-{meta.get('version')}"
        if archive_prefix != want + '/':
            error(f'{target}: entries are under {archive_prefix}, expected {want}/')
        if os.path.basename(target) != want + '.zip':
            error(f'{target}: expected the name {want}.zip')

    if errors:
        for e in errors:
            print(f'check_meta: {e}', file=sys.stderr)
        print(f'check_meta: {target}: {len(errors)} problem(s)', file=sys.stderr)
        return 1
    ext, control_version, semver = found
    print(f"check_meta: {target}: META.json valid (PGXN Meta Spec {meta['meta-spec']['version']}), "
          f"{meta['name']} {meta['version']} = {ext}.control default_version '{control_version}'")
    return 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
