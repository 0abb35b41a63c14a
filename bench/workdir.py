"""Where the benchmarks put their inputs and outputs (bench/run, bench/html,
bench/scaling import this).

A batch benchmark writes one output file per page, and on some disks
creating a file costs the kernel more than scrapedoc spends converting a
10 KB page: on the ext4 without a journal this project was measured on,
0.3 to 1.4 ms each, varying several-fold between identical runs, and two
processes creating files at once ran slower than one (two `cp`s at once:
0.30x). That measures the disk, not the converter. So the work directory
goes to /dev/shm (tmpfs: files in memory, no disk) when it is there and
has room, unless TMPDIR says otherwise; every benchmark prints where it
wrote and on what file system, and the `cp` references show what the file
creations cost there. `TMPDIR=/some/disk/dir bench/run ...` measures on a
disk instead (docs/bench.md has both).
"""
import os
import shutil
import tempfile

NEEDED = 2 * 1024 ** 3  # the 100 MB stream, its outputs and the batch, with room to spare


def file_system(path):
    """The type of the file system `path` is on, from /proc/mounts (the
    longest mount point that holds it); "unknown" without /proc."""
    path = os.path.realpath(path)
    best, kind = "", "unknown"
    try:
        with open("/proc/mounts") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                point = fields[1].replace("\\040", " ")
                inside = path == point or path.startswith(point.rstrip("/") + "/")
                if inside and len(point) > len(best):
                    best, kind = point, fields[2]
    except OSError:
        pass
    return kind


def choose():
    """Sets tempfile's directory (and TMPDIR, for the benchmarks this one
    starts) and returns a line that says where the work goes."""
    if os.environ.get("TMPDIR"):
        where = os.environ["TMPDIR"]
        why = "TMPDIR"
    elif os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) \
            and shutil.disk_usage("/dev/shm").free >= NEEDED:
        where = "/dev/shm"
        why = "a tmpfs, so that the disk's cost of creating files is not measured as scrapedoc's"
    else:
        where = tempfile.gettempdir()
        why = "no TMPDIR and no usable /dev/shm"
    tempfile.tempdir = where
    os.environ["TMPDIR"] = where
    return "# work directory: %s (file system %s; %s)" % (where, file_system(where), why)
