"""The Python package installed two ways (README, docs/python.md):

- `cmake --install` puts it where Debian's /usr/bin/python3 finds it: under
  DESTDIR, for the prefixes /usr/local (the default) and /usr, the folder it
  lands in is one of that interpreter's sys.path, and another prefix gets
  the layout of a venv;
- `pip install --no-index --no-build-isolation .` into a venv made with
  --system-site-packages, offline: pip, setuptools and wheel from Debian.
  The module is built in the CMake tree `make` built
  (SCRAPEDOC_CMAKE_BUILD_DIR): a pip install that configures and compiles
  the library afresh takes minutes, and docs/python.md gives its figure.

SCRAPEDOC_BUILD_DIR is the CMake build tree (set by tests/CMakeLists.txt).
"""
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import unittest

SOURCE = os.environ.get("SCRAPEDOC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("SCRAPEDOC_BUILD_DIR")
DEBIAN_PYTHON = "/usr/bin/python3"
VERSION = "%d.%d" % sys.version_info[:2]
CHECK = ("import scrapedoc, sys; "
         "print(scrapedoc.__file__); "
         "print(scrapedoc.convert('Headline of the page\\n\\nA paragraph that is long enough to be one.', to='json'))")


def clean_env(module=False, **extra):
    """The environment without the test's PYTHONPATH (which points at the
    build tree's package). Under the sanitizers, the runtimes the module
    needs preloaded (tests/CMakeLists.txt) only for a Python that imports
    it: make and the compiler that pip runs are not built for them."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "LD_PRELOAD")}
    if module and "LD_PRELOAD" in os.environ:
        env["LD_PRELOAD"] = os.environ["LD_PRELOAD"]
    env.update(extra)
    return env


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    if p.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s" % (" ".join(cmd), p.returncode, p.stdout.decode(errors="replace")))
    return p.stdout.decode()


@unittest.skipUnless(BUILD, "SCRAPEDOC_BUILD_DIR not set")
class CMakeInstall(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="scrapedoc-pyinstall.")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def install(self, prefix):
        destdir = os.path.join(self.tmp, prefix.strip("/").replace("/", "-"))
        run(["cmake", "--install", BUILD, "--prefix", prefix], env=clean_env(DESTDIR=destdir))
        return destdir

    def check_package(self, folder):
        package = os.path.join(folder, "scrapedoc")
        self.assertTrue(os.path.isfile(os.path.join(package, "__init__.py")), package)
        self.assertTrue(os.path.isfile(os.path.join(package, "distributed", "__main__.py")), package)
        modules = [n for n in os.listdir(package) if n.startswith("_scrapedoc") and n.endswith(".so")]
        self.assertEqual(len(modules), 1, os.listdir(package))
        out = run([sys.executable, "-c", CHECK], env=clean_env(True, PYTHONPATH=folder), cwd=self.tmp)
        self.assertTrue(out.startswith(package + os.sep), out)
        self.assertIn('"format": "scrapedoc"', out)

    def test_prefixes_debian_python_searches(self):
        debian_path = run([DEBIAN_PYTHON, "-c", "import sys; print('\\n'.join(sys.path))"],
                          env=clean_env(), cwd=self.tmp).split("\n")
        for prefix, folder in (("/usr/local", "/usr/local/lib/python%s/dist-packages" % VERSION),
                               ("/usr", "/usr/lib/python3/dist-packages")):
            with self.subTest(prefix=prefix):
                self.assertIn(folder, debian_path, "Debian's python3 does not search %s" % folder)
                destdir = self.install(prefix)
                self.check_package(destdir + folder)

    def test_other_prefix_gets_a_venv_layout(self):
        prefix = os.path.join(self.tmp, "opt")
        run(["cmake", "--install", BUILD, "--prefix", prefix], env=clean_env())
        self.check_package(os.path.join(prefix, "lib", "python%s" % VERSION, "site-packages"))


@unittest.skipUnless(BUILD, "SCRAPEDOC_BUILD_DIR not set")
class PipInstall(unittest.TestCase):
    def test_pip_install_offline_in_a_venv(self):
        tmp = tempfile.mkdtemp(prefix="scrapedoc-pip.")
        self.addCleanup(shutil.rmtree, tmp, True)
        # What pip reads of the checkout, copied: pip builds in the source
        # folder, and the test leaves the checkout as it was.
        src = os.path.join(tmp, "src")
        os.mkdir(src)
        for name in ("setup.py", "pyproject.toml", "README.md"):
            shutil.copy(os.path.join(SOURCE, name), src)
        shutil.copytree(os.path.join(SOURCE, "python"), os.path.join(src, "python"),
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        venv = os.path.join(tmp, "venv")
        run([DEBIAN_PYTHON, "-m", "venv", "--system-site-packages", venv], env=clean_env())
        pip_env = clean_env(SCRAPEDOC_CMAKE_BUILD_DIR=BUILD, PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
                            PIP_NO_INPUT="1")
        run([os.path.join(venv, "bin", "pip"), "install", "--no-index", "--no-build-isolation", src],
            env=pip_env, cwd=tmp)
        python = os.path.join(venv, "bin", "python")
        site = run([python, "-c", "import sysconfig; print(sysconfig.get_path('platlib'))"],
                   env=clean_env(), cwd=tmp).strip()
        self.assertTrue(site.startswith(venv), site)
        out = run([python, "-c", CHECK], env=clean_env(True), cwd=tmp)
        self.assertTrue(out.startswith(os.path.join(site, "scrapedoc") + os.sep), out)
        # Dask from Debian, seen through --system-site-packages.
        out = run([python, "-m", "scrapedoc.distributed", "--help"], env=clean_env(True), cwd=tmp)
        self.assertIn("--scheduler", out)
        run([os.path.join(venv, "bin", "pip"), "uninstall", "-y", "scrapedoc"], env=pip_env, cwd=tmp)
        self.assertFalse(os.path.exists(os.path.join(site, "scrapedoc")))


if __name__ == "__main__":
    unittest.main()
