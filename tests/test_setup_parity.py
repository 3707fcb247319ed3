"""One list of the application's Debian packages, installed alike here and in the image."""

import re
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGE_LIST = "scripts/debian-packages.txt"
INSTALLER = "scripts/install-app-packages.sh"


def listed_packages():
    text = (ROOT / PACKAGE_LIST).read_text()
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]


def test_the_dockerfile_and_the_local_set_up_install_the_same_list():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert f"COPY {PACKAGE_LIST} {INSTALLER} /tmp/setup/" in dockerfile
    assert "install-app-packages.sh" in dockerfile
    assert not re.search(r"apt-get install", dockerfile), "packages outside the list"
    assert makefile.count(INSTALLER) >= 2  # `services` and `messages`


def test_every_package_of_the_list_is_installed_on_this_machine():
    missing = [
        package for package in listed_packages()
        if "install ok installed" not in subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        ).stdout
    ]
    assert not missing


def test_the_list_holds_a_dictionary_for_every_direction_debian_has():
    dictionaries = {name.removeprefix("dict-freedict-") for name in listed_packages()
                    if name.startswith("dict-freedict-")}
    languages = ["deu", "eng", "fra", "ita", "spa"]
    read_backwards = {"ita-fra", "spa-fra", "spa-ita"}  # Debian has no such package
    wanted = {f"{a}-{b}" for a in languages for b in languages if a != b} - read_backwards
    assert dictionaries == wanted
    for pair in dictionaries:
        assert Path(f"/usr/share/dictd/freedict-{pair}.index").exists(), pair


def test_the_image_writes_its_caches_to_a_folder_of_its_own():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DATA_CACHE_DIR=/var/cache/kb" in dockerfile
    assert 'chown -R app:app "$DATA_CACHE_DIR"' in dockerfile
    assert settings.DATA_CACHE_DIR.is_absolute()


def test_the_makefile_and_the_dockerfile_install_the_uv_of_one_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert re.fullmatch(r"\d+\.\d+\.\d+\n", (ROOT / ".uv-version").read_text())
    assert "UV_VERSION := $(shell cat .uv-version)" in makefile
    assert 'pip install --no-cache-dir "uv==$(cat /tmp/setup/.uv-version)"' in dockerfile
    assert not re.search(r"uv==\d", dockerfile + makefile), "a uv version outside .uv-version"
