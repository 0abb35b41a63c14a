"""Builds scrapedoc._scrapedoc for `pip install .` with CMake: the project's
own CMakeLists.txt, the library and the module only (no tests), for the
interpreter that runs pip. Nothing is downloaded; CMake, a C++ compiler,
pybind11 and the library's -dev packages come from Debian
(scripts/install-deps).

SCRAPEDOC_CMAKE_BUILD_DIR=DIR builds the module in an existing CMake build
tree instead of configuring one (tests/scripts/python_pip.sh uses the
tree `make` built, so that the test does not compile the library again).
"""
import glob
import os
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.environ.get("SCRAPEDOC_CMAKE_BUILD_DIR")
        if not build_dir:
            build_dir = os.path.abspath(os.path.join(self.build_temp, "cmake"))
            subprocess.check_call(["cmake", "-S", HERE, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                                   "-DSCRAPEDOC_BUILD_TESTS=OFF", "-DSCRAPEDOC_PYTHON=ON",
                                   "-DSCRAPEDOC_PYTHON_EXECUTABLE=" + sys.executable])
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(min(os.cpu_count() or 1, 2))
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "scrapedoc_python", "-j", jobs])
        built = glob.glob(os.path.join(build_dir, "python", "scrapedoc", "_scrapedoc*.so"))
        if len(built) != 1:
            sys.exit("setup.py: no single _scrapedoc module in %s/python/scrapedoc: %s" % (build_dir, built))
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


setup(ext_modules=[CMakeExtension("scrapedoc._scrapedoc")], cmdclass={"build_ext": CMakeBuild})
