"""No third-party pydantic plugin sees or changes txdose's validation. pydantic hands every
validation of a model to each plugin installed in the environment (entry-point group
``pydantic``): a plugin beside txdose would receive every patient's name, MRN, weight and
height as they are validated, and could change the result. The engine turns them off
(``dosing/__init__.py``). Here a real plugin is installed for a subprocess (a dist-info with
its entry point on ``sys.path``) and must never be called."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import run_python

SPY = """
calls = []


class _Handler:
    def on_enter(self, input, **kwargs):
        calls.append(input)


class SpyPlugin:
    def new_schema_validator(self, schema, schema_type, schema_type_path, schema_kind, config, plugin_settings):
        return _Handler(), None, None


plugin = SpyPlugin()
"""


def _install_spy(folder: Path) -> None:
    (folder / "spy_plugin.py").write_text(textwrap.dedent(SPY), encoding="utf-8")
    info = folder / "spy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")


def _run(folder: Path, code: str) -> str:
    return run_python(code, {"PYTHONPATH": str(folder)})


def test_the_spy_plugin_is_called_by_a_plain_pydantic_model(tmp_path: Path) -> None:
    """The check below means something: the installed spy does see a plain model's input."""
    _install_spy(tmp_path)
    out = _run(
        tmp_path,
        """
        from pydantic import BaseModel
        import spy_plugin

        class Weight(BaseModel):
            weight_kg: float

        Weight.model_validate({"weight_kg": 60})
        print(len(spy_plugin.calls))
        """,
    )
    assert out == "1"


def test_no_plugin_sees_a_patient_or_a_protocol_validated(tmp_path: Path) -> None:
    _install_spy(tmp_path)
    out = _run(
        tmp_path,
        """
        import spy_plugin
        from app.services import PlanMeta  # app's own models, imported first
        from app.protocols import load_protocols
        from dosing.models import Patient

        PlanMeta.model_validate({"plan_id": "K33P-VAZQ", "printed_at": "2027-03-01T08:00"})

        load_protocols()  # every protocol file validated
        Patient.model_validate(
            {"name": "Li Wei", "mrn": "00765432", "age_years": 35, "sex": "female",
             "weight_kg": "72.5", "height_cm": "171"}
        )
        print(len(spy_plugin.calls))
        """,
    )
    assert out == "0"
