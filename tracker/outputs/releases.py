"""The earlier releases kept in `releases/` (one package folder per version, as released), newest
first, each as a ZIP of its descriptor and data files under `releases/`, stamped with its own
release date; nothing is regenerated, so each holds exactly what was released."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from tracker import diff, untrusted
from tracker.outputs.common import DESCRIPTOR, Download, Source, add, released, save

EACH_LANGUAGE = False


def write(source: Source, out: Path) -> list[Download]:
    return kept(source.releases, out) if source.releases is not None else []


def kept(releases: Path, out_dir: Path) -> list[Download]:
    """The ZIP of every release kept in the folder `releases`, newest first."""
    folders = [p for p in releases.iterdir() if (p / DESCRIPTOR).is_file()] if releases.is_dir() else []
    found = []
    for folder in sorted(folders, key=lambda p: diff.version_key(p.name), reverse=True):
        descriptor = json.loads(untrusted.read_bytes(folder, DESCRIPTOR, untrusted.MAX_DESCRIPTOR_BYTES))
        when, buffer = released(descriptor), io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in [DESCRIPTOR, *(r["path"] for r in descriptor["resources"])]:
                add(archive, path, untrusted.read_bytes(folder, path), when)
        name = f"releases/{descriptor['name']}-{descriptor['version']}.zip"
        found.append(save(out_dir, "", "zip", name, buffer.getvalue(), version=descriptor["version"]))
    return found
