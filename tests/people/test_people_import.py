"""Importing the people package must stay light: no model runtime until a model is used."""
import inspect
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_does_not_load_model_runtimes():
    code = ("import sys, vidforensics, vidforensics.people as p; "
            "heavy = [m for m in ('onnxruntime', 'dlib', 'cv2', 'av') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_public_interface():
    import vidforensics.people as p
    assert list(inspect.signature(p.PeopleAnalyzer.feed).parameters) == ["self", "video", "index", "pts",
                                                                         "time_s", "rgb"]
    assert list(inspect.signature(p.PeopleAnalyzer.finish_video).parameters) == ["self", "video", "shots",
                                                                                 "frame_size"]
    assert list(inspect.signature(p.link_individuals).parameters) == ["videos", "cfg"]
    assert list(inspect.signature(p.blur_faces).parameters)[:3] == ["rgb", "boxes", "keep"]
