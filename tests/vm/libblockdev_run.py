"""Run libblockdev 2.28's tests/mdraid_test.py, unmodified, with python's
unittest inside the test VM (tests/vm/t_libblockdev.sh calls it).

    python3 tests/vm/libblockdev_run.py LIBBLOCKDEV_DIR [CLASS.TEST...]

LIBBLOCKDEV_DIR is tests/vm/libblockdev.sh's cache dir: its tests/ holds
libblockdev's test files; the cwd becomes LIBBLOCKDEV_DIR because the fake
mdadm tests name "tests/mdadm_..." relative to it. With CLASS.TEST names,
only those run (t_deb.sh runs a few through the packaged mdadm).

Shims (the only things replaced; mdraid_test.py itself is not touched):
- utils.create_lio_device / utils.delete_lio_device: LIO/targetcli loopback
  disks, which the test kernel lacks, become loop devices (losetup) on the
  same sparse backing files under /tmp. Patched in utils before mdraid_test
  imports the names.
- LIBBLOCKDEV_TESTS_SKIP_OVERRIDE=1: overrides_hack.py would move the source
  tree's gi overrides first in gi.overrides.__path__; there is no source tree
  here (Debian's python3-blockdev provides the overrides), so the variable
  turns that off, as it is meant to.
- run_tests.py is not used (it asks dbus hostname1 for the OS, absent in the
  VM); skip.yml's one mdraid rule (MDTestAddRemove on Debian: "removing spare
  disks is broken on Debian", about Debian's old mdadm) is NOT applied: with
  mdadm 4.6 the test passes.

Prints one line per test: "RESULT <Class>.<test> PASS|FAIL|ERROR|SKIP", and
the unittest traceback of every failure after it. Exit status 0 when it ran.
"""
import os
import subprocess
import sys
import time
import unittest

lbd = sys.argv[1]
os.chdir(lbd)
sys.path.insert(0, os.path.join(lbd, "tests"))
os.environ["LIBBLOCKDEV_TESTS_SKIP_OVERRIDE"] = "1"

import gi  # noqa: E402

gi.require_version("BlockDev", "2.0")

import utils  # noqa: E402  (libblockdev's tests/utils.py)


def create_loop_device(fpath):
    """The loop-device stand-in for utils.create_lio_device."""
    return subprocess.check_output(["losetup", "-f", "--show", fpath]).decode().strip()


def delete_loop_device(dev_path):
    """The stand-in for utils.delete_lio_device."""
    if subprocess.call(["losetup", "-d", dev_path]) != 0:
        raise RuntimeError("Failed to detach '%s'" % dev_path)


utils.create_lio_device = create_loop_device
utils.delete_lio_device = delete_loop_device

import mdraid_test  # noqa: E402


class Result(unittest.TextTestResult):
    """Prints a RESULT line when each test ends, with its time."""

    def startTest(self, test):
        self._t0 = time.monotonic()
        super().startTest(test)

    def _say(self, test, verdict):
        meth = getattr(test, "_testMethodName", None)
        # A failing setUpClass comes as an _ErrorHolder: its tests never run
        # (t_libblockdev.sh counts a test without a RESULT line as failed).
        name = "%s.%s" % (type(test).__name__, meth) if meth else str(test).replace(" ", "_")
        dt = time.monotonic() - getattr(self, "_t0", time.monotonic())
        self.stream.write("\nRESULT %s %s %.1fs\n" % (name, verdict, dt))
        self.stream.flush()

    def addSuccess(self, test):
        super().addSuccess(test)
        self._say(test, "PASS")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._say(test, "FAIL")

    def addError(self, test, err):
        super().addError(test, err)
        self._say(test, "ERROR")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._say(test, "SKIP")


names = sys.argv[2:]
loader = unittest.defaultTestLoader
suite = loader.loadTestsFromNames(names, mdraid_test) if names else loader.loadTestsFromModule(mdraid_test)
unittest.TextTestRunner(stream=sys.stdout, verbosity=2, resultclass=Result).run(suite)
