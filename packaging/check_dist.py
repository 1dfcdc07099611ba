"""`make dist`'s last step: the wheel and the sdist hold every shipped resource and the fonts'
licence (a missing protocol in the wheel is the failure issue 13 started from)."""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"


def shipped_files() -> list[str]:
    return sorted(
        p.relative_to(RESOURCES).as_posix()
        for p in RESOURCES.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def main(dist: Path) -> int:
    (wheel,) = dist.glob("txdose-*.whl")
    (sdist,) = dist.glob("txdose-*.tar.gz")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in shipped_files() if f"txdose_resources/{f}" not in names]
    if not any(n.endswith("licenses/resources/fonts/LICENSE-DejaVu.txt") for n in names):
        missing.append("dist-info licence LICENSE-DejaVu.txt")
    with tarfile.open(sdist) as tar:
        members = {m.split("/", 1)[1] for m in tar.getnames() if "/" in m}
    missing += [f"sdist: resources/{f}" for f in shipped_files() if f"resources/{f}" not in members]
    if missing:
        print(f"{wheel.name}: missing {', '.join(missing)}", file=sys.stderr)
        return 1
    for path in (wheel, sdist):
        print(f"{path.name}: {path.stat().st_size / 1024:,.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
