"""Issue 13: resources found wherever txdose is installed, site protocols after the shipped
ones, a version that names the protocols, and a support log without patient names."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import protocols, resources
from app.cli import main as cli_main

SHIPPED_IDS = ["auto-hsct-ln", "msc-adipose", "msc-allogeneic", "ucmsc-vs-il2"]


def _site_protocol(folder: Path, protocol_id: str, version: str = "2.3") -> Path:
    """A copy of the adipose-MSC protocol under another id: a site's own file."""
    text = (protocols.PROTOCOL_DIR / "msc-adipose.toml").read_text(encoding="utf-8")
    text = text.replace('id = "msc-adipose"', f'id = "{protocol_id}"', 1)
    text = text.replace('version = "1.1"', f'version = "{version}"', 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{protocol_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _txdose(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120,
        env=env, cwd=cwd, check=False,
    )  # fmt: skip


def test_resources_come_from_the_installed_package_not_the_working_directory() -> None:
    """importlib.resources finds `txdose_resources`; every kind of shipped file is in it."""
    root = resources.resource_root()
    assert (root / "__init__.py").is_file()
    assert sorted(p.stem for p in resources.protocols_dir().glob("*.toml")) == SHIPPED_IDS
    assert (resources.fonts_dir() / "DejaVuSans.ttf").is_file()
    assert (resources.fonts_dir() / "LICENSE-DejaVu.txt").is_file()
    assert len(list(resources.sources_dir().glob("*.txt"))) >= 5
    assert resources.icon_path().read_text(encoding="utf-8").startswith("<svg")


def test_site_protocols_are_listed_after_the_shipped_ones_with_their_origin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    _site_protocol(site, "ward-msc")
    monkeypatch.setenv("TXDOSE_PROTOCOLS_DIR", str(site))
    assert list(protocols.load_protocols()) == [*SHIPPED_IDS, "ward-msc"]
    assert protocols.get_protocol("ward-msc").version == "2.3"
    assert protocols.protocol_origin("msc-adipose") == "shipped"
    assert protocols.protocol_origin("ward-msc") == str(site)
    assert cli_main(["protocols"]) == 0
    out = capsys.readouterr().out
    assert out.index("msc-adipose") < out.index("ucmsc-vs-il2") < out.index("ward-msc")
    assert f"from: {site}" in out
    assert out.count("from: shipped") == 4


def test_the_site_folder_can_come_from_the_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's settings (txdose.ini, [paths] protocols_dir) also name the folder."""
    site = tmp_path / "site"
    _site_protocol(site, "ward-msc")
    monkeypatch.delenv("TXDOSE_PROTOCOLS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    ini = resources.settings_file()
    assert ini == tmp_path / "config" / "txdose" / "txdose.ini"
    assert resources.site_protocols_dir() is None
    ini.parent.mkdir(parents=True)
    ini.write_text(f"[paths]\nprotocols_dir={site}\n", encoding="utf-8")
    assert resources.site_protocols_dir() == site
    assert "ward-msc" in protocols.load_protocols()


def test_a_site_protocol_cannot_reuse_a_shipped_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A site file named like a shipped protocol would silently change its doses: refused and
    named, while every other protocol is still listed."""
    site = tmp_path / "site"
    _site_protocol(site, "msc-adipose", version="9.9")
    monkeypatch.setenv("TXDOSE_PROTOCOLS_DIR", str(site))
    assert cli_main(["protocols"]) == 0
    out, err = capsys.readouterr()
    assert "msc-adipose.toml: id: 'msc-adipose' is already a protocol" in err
    assert re.search(r"^msc-adipose +v1\.1 ", out, re.M) and "v9.9" not in out
    # The plan itself still uses the shipped file, which comes first.
    assert protocols.get_protocol("msc-adipose").version == "1.1"


def test_version_names_the_app_and_every_protocol(tmp_path: Path) -> None:
    env = {**os.environ, "TXDOSE_PROTOCOLS_DIR": str(tmp_path / "site")}
    _site_protocol(tmp_path / "site", "ward-msc", version="2.3")
    result = _txdose("--version", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    from importlib.metadata import version

    assert lines[0] == f"txdose {version('txdose')}"
    assert lines[1:] == [
        "  auto-hsct-ln v1.2 (shipped)",
        "  msc-adipose v1.1 (shipped)",
        "  msc-allogeneic v1.2 (shipped)",
        "  ucmsc-vs-il2 v1.1 (shipped)",
        f"  ward-msc v2.3 ({tmp_path / 'site'})",
    ]


def test_the_log_records_the_work_but_never_the_patients_name(tmp_path: Path) -> None:
    """A saved and printed plan for "Zelda Quackenbush" (MRN ZQ-4711): the log names the MRN,
    the plan id, the store events and the print, and the name appears nowhere in it."""
    logs = tmp_path / "logs"
    env = {
        **os.environ,
        "TXDOSE_LOG_DIR": str(logs),
        "TXDOSE_DATA_DIR": str(tmp_path / "data"),
        "TXDOSE_USER": "alice",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    patient = [
        "--protocol", "msc-adipose", "--weight", "70", "--height", "165", "--sex", "female",
        "--age", _age_today(1985, 3, 4), "--name", "Zelda Quackenbush", "--mrn", "ZQ-4711",
        "--dob", "1985-03-04", "--day0", "2026-12-07",
    ]  # fmt: skip
    saved = _txdose("plan", *patient, "--save", env=env, cwd=tmp_path)
    assert saved.returncode == 0, saved.stderr
    plan_id = next(
        line.split()[-1]
        for line in (saved.stdout + saved.stderr).splitlines()
        if line.startswith("saved: ")
    )
    printed = _txdose(
        "sheet", "--plan", plan_id, "--out", str(tmp_path / "s.pdf"), env=env, cwd=tmp_path
    )
    assert printed.returncode == 0, printed.stderr
    unsaved = _txdose("sheet", *patient, "--out", str(tmp_path / "u.pdf"), env=env, cwd=tmp_path)
    assert unsaved.returncode == 0, unsaved.stderr

    log = (logs / "txdose.log").read_text(encoding="utf-8")
    assert log.count("INFO txdose: start: txdose ") == 3
    assert "protocol file read: " in log and "(msc-adipose v1.1)" in log
    assert f"create plan={plan_id} version=1 by=alice" in log
    assert f"sheets rendered: nurse,worksheet,summary plan={plan_id} version=1" in log
    assert "plan=unsaved version=None mrn=ZQ-4711" in log
    for piece in ("Zelda", "Quackenbush", "1985-03-04"):
        assert piece not in log


def test_help_offers_the_log_folder(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    from ui.main_window import MainWindow

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    monkeypatch.setenv("TXDOSE_LOG_DIR", str(tmp_path / "logs"))
    window = MainWindow(user="alice")
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    names = [a.text().replace("&", "") for a in window.help_menu.actions()]
    assert "Open log folder" in names
    action = next(a for a in window.help_menu.actions() if a.objectName() == "open_log_folder")
    action.trigger()
    assert opened == [str(tmp_path / "logs")]
    assert (tmp_path / "logs").is_dir()


def test_the_desktop_entry_points_at_the_bundle_folder_with_its_icon(tmp_path: Path) -> None:
    """install-desktop-entry.sh, run from a bundle folder, writes a menu entry whose Exec and
    Icon are that folder's executable and icon."""
    packaging = Path(__file__).resolve().parent.parent / "packaging"
    bundle = tmp_path / "opt" / "txdose"
    bundle.mkdir(parents=True)
    for name in ("txdose.desktop", "install-desktop-entry.sh"):
        (bundle / name).write_bytes((packaging / name).read_bytes())
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d")}
    subprocess.run(["sh", str(bundle / "install-desktop-entry.sh")], env=env, check=True)
    entry = (tmp_path / "d" / "applications" / "txdose.desktop").read_text(encoding="utf-8")
    lines = entry.splitlines()
    assert lines[0] == "[Desktop Entry]"
    assert f"Exec={bundle}/txdose" in lines
    assert f"Icon={bundle}/txdose.svg" in lines
    assert "@BUNDLE@" not in entry


def _age_today(year: int, month: int, day: int) -> str:
    """Completed years today for a birth date: the CLI refuses a --dob that contradicts --age."""
    import datetime as dt

    today = dt.date.today()
    return str(today.year - year - ((today.month, today.day) < (month, day)))
