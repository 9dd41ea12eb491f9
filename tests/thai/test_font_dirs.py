"""Installed fonts are found where Windows and macOS keep them (the systems are faked on Linux:
``sys.platform`` and the environment variables the folders come from)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from saraban.thai.fonts import SYSTEM_FONT_DIRS, FontLibrary, system_font_dirs

from helpers import LAKSAMAN


def _install(folder: Path, name: str) -> Path:
    """Laksaman under an office-like file name, as a font installer leaves it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copy(LAKSAMAN, target)
    return target


def test_windows_folders_from_the_environment(tmp_path):
    env = {"WINDIR": str(tmp_path / "Windows"), "LOCALAPPDATA": str(tmp_path / "AppData" / "Local")}
    assert system_font_dirs("win32", env) == (
        tmp_path / "Windows" / "Fonts", tmp_path / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts")
    # no variables (a stripped service environment): the usual system folder, no per-user folder
    assert system_font_dirs("win32", {}) == (Path("C:\\Windows") / "Fonts",)


def test_macos_folders(tmp_path):
    assert system_font_dirs("darwin", {}, home=tmp_path) == (
        Path("/Library/Fonts"), tmp_path / "Library" / "Fonts", Path("/System/Library/Fonts"))


def test_linux_folders_unchanged():
    assert system_font_dirs("linux", {}) == SYSTEM_FONT_DIRS


def test_a_font_installed_for_all_windows_users_is_found(tmp_path, monkeypatch):
    path = _install(tmp_path / "Windows" / "Fonts", "LAKSAMAN.TTF")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "nobody"))
    assert FontLibrary().family("Laksaman").files["regular"] == path


def test_a_font_installed_for_one_windows_user_is_found(tmp_path, monkeypatch):
    local = tmp_path / "Users" / "clerk" / "AppData" / "Local"
    path = _install(local / "Microsoft" / "Windows" / "Fonts", "Laksaman_0.ttf")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))  # no Fonts folder there
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    lib = FontLibrary()
    assert lib.family("laksaman").files["regular"] == path
    assert not any(str(p).startswith("/usr/share") for f in lib.families.values() for p in f.files.values())


def test_a_font_in_the_macos_user_library_is_found(tmp_path, monkeypatch):
    path = _install(tmp_path / "home" / "Library" / "Fonts", "Laksaman.ttf")
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert FontLibrary().family("Laksaman").files["regular"] == path
